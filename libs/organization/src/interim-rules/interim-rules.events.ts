import { DEFAULT_INTERIM_DECISION_RULES, ProposedInterimRules } from '../interim-decisions/interim-decision.events';

/** The rules the interim organization runs by until the convention adopts its own. */
export type InterimRules = ProposedInterimRules;

/** The rules in force before anyone has set them. */
export const DEFAULT_INTERIM_RULES: InterimRules = {
  decisions: DEFAULT_INTERIM_DECISION_RULES,
  minimumChapterFounders: 3,
};

/** The kind of interim decision that authorizes a change of the interim rules once the committee sits. */
export const INTERIM_RULES_DECISION_KIND = 'interim-rules';

/**
 * Events of the interim rules stream, InterimRules-organization. `authorizedByDecisionId` is
 * null only for rules set by the operator before the committee had a member.
 */
export type InterimRulesSet = {
  type: 'InterimRulesSet';
  data: { version: number; rules: InterimRules; authorizedByDecisionId: string | null; setAt: string };
};

export type InterimRulesEvent = InterimRulesSet;

/** The interim rules are one per installation, so their stream has a fixed name. */
export const interimRulesStream = (): string => 'InterimRules-organization';
