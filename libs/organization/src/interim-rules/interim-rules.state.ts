import { assertNever } from '../../../core/src';
import { DEFAULT_INTERIM_RULES, InterimRules, InterimRulesEvent } from './interim-rules.events';

/** The rules in force (version 0: the defaults) and the decisions already used to change them. */
export type InterimRulesState = {
  version: number;
  rules: InterimRules;
  usedDecisionIds: readonly string[];
};

export const initialInterimRulesState = (): InterimRulesState => ({
  version: 0,
  rules: DEFAULT_INTERIM_RULES,
  usedDecisionIds: [],
});

export function evolveInterimRules(state: InterimRulesState, event: InterimRulesEvent): InterimRulesState {
  switch (event.type) {
    case 'InterimRulesSet': {
      const { version, rules, authorizedByDecisionId } = event.data;
      return {
        version,
        rules,
        usedDecisionIds:
          authorizedByDecisionId === null ? state.usedDecisionIds : [...state.usedDecisionIds, authorizedByDecisionId],
      };
    }
    default:
      return assertNever(event.type);
  }
}
