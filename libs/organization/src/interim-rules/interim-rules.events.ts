import { DEFAULT_INTERIM_DECISION_RULES, InterimDecisionRules } from '../interim-decisions/interim-decision.events';

/** The rules the interim organization runs by until the convention adopts its own. */
export type InterimRules = {
  /** What an interim decision needs to pass, and which kinds the committee may take at all. */
  decisions: InterimDecisionRules;
  /** How many founding members a new chapter needs before it becomes active. */
  minimumChapterFounders: number;
};

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
