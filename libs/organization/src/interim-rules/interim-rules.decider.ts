import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInterimDecisionRules } from '../interim-decisions/interim-decision.decider';
import { checkInstant, normalizeLine } from '../text';
import { InterimRulesCommand } from './interim-rules.commands';
import {
  InterimRulesDecisionAlreadyAppliedError,
  InterimRulesDecisionNotAdoptedError,
  InterimRulesDecisionWrongKindError,
} from './interim-rules.errors';
import { INTERIM_RULES_DECISION_KIND, InterimRules, InterimRulesEvent } from './interim-rules.events';
import { InterimRulesState, evolveInterimRules, initialInterimRulesState } from './interim-rules.state';

export const MAX_CHAPTER_FOUNDERS = 100;

function checkRules(rules: InterimRules): FieldProblem[] {
  const problems = checkInterimDecisionRules(rules.decisions).map((problem) => ({
    ...problem,
    field: problem.field.replace(/^rules\./, 'decisions.'),
  }));
  const founders = rules.minimumChapterFounders;
  if (!Number.isSafeInteger(founders) || founders < 1 || founders > MAX_CHAPTER_FOUNDERS) {
    problems.push({ field: 'minimumChapterFounders', message: `must be an integer from 1 to ${MAX_CHAPTER_FOUNDERS}` });
  }
  return problems;
}

function decide(command: InterimRulesCommand, state: InterimRulesState): InterimRulesEvent[] {
  switch (command.type) {
    case 'SetInterimRules': {
      const { rules, authority, setAt } = command.data;
      const problems = [...checkRules(rules), ...checkInstant('setAt', setAt)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (authority.kind === 'interim-decision') {
        if (authority.decisionKind !== INTERIM_RULES_DECISION_KIND) {
          throw new InterimRulesDecisionWrongKindError(authority.decisionId, authority.decisionKind);
        }
        if (!authority.adopted) throw new InterimRulesDecisionNotAdoptedError(authority.decisionId);
        if (state.usedDecisionIds.includes(authority.decisionId)) {
          throw new InterimRulesDecisionAlreadyAppliedError(authority.decisionId);
        }
      }
      const allowedKinds = rules.decisions.allowedKinds?.map(normalizeLine) ?? null;
      return [
        {
          type: 'InterimRulesSet',
          data: {
            version: state.version + 1,
            rules: {
              decisions: {
                minimumSupport: { ...rules.decisions.minimumSupport },
                maximumObjections: rules.decisions.maximumObjections,
                allowedKinds: allowedKinds === null ? null : [...new Set(allowedKinds)],
              },
              minimumChapterFounders: rules.minimumChapterFounders,
            },
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
