import { Decider, InvalidInputError, assertNever } from '../../../core/src';
import {
  checkInterimRules,
  normalizeInterimRules,
  sameInterimRules,
} from '../interim-decisions/interim-decision.rules';
import { checkInstant } from '../../../core/src';
import { InterimRulesCommand } from './interim-rules.commands';
import {
  InterimRulesDecisionAlreadyAppliedError,
  InterimRulesDecisionNotAdoptedError,
  InterimRulesDecisionWrongKindError,
  InterimRulesDifferFromDecisionError,
} from './interim-rules.errors';
import { INTERIM_RULES_DECISION_KIND, InterimRulesEvent } from './interim-rules.events';
import { InterimRulesState, evolveInterimRules, initialInterimRulesState } from './interim-rules.state';

function decide(command: InterimRulesCommand, state: InterimRulesState): InterimRulesEvent[] {
  switch (command.type) {
    case 'SetInterimRules': {
      const { rules, authority, setAt } = command.data;
      const problems = [...checkInterimRules(rules), ...checkInstant('setAt', setAt)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (authority.kind === 'interim-decision') {
        if (authority.decisionKind !== INTERIM_RULES_DECISION_KIND) {
          throw new InterimRulesDecisionWrongKindError(authority.decisionId, authority.decisionKind);
        }
        if (!authority.adopted) throw new InterimRulesDecisionNotAdoptedError(authority.decisionId);
        if (state.usedDecisionIds.includes(authority.decisionId)) {
          throw new InterimRulesDecisionAlreadyAppliedError(authority.decisionId);
        }
        if (authority.decisionRules === null || !sameInterimRules(authority.decisionRules, rules)) {
          throw new InterimRulesDifferFromDecisionError(authority.decisionId);
        }
      }
      return [
        {
          type: 'InterimRulesSet',
          data: {
            version: state.version + 1,
            rules: normalizeInterimRules(rules),
            authorizedByDecisionId: authority.kind === 'interim-decision' ? authority.decisionId : null,
            setAt,
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

/**
 * The interim rules: set by the operator at setup, and afterwards changed only by an adopted
 * interim decision of kind `interim-rules`, each such decision at most once.
 */
export const interimRulesDecider: Decider<InterimRulesCommand, InterimRulesEvent, InterimRulesState> = {
  decide,
  evolve: evolveInterimRules,
  initialState: initialInterimRulesState,
};
