import { InterimRules } from './interim-rules.events';

/**
 * What authorizes a change of the rules: the operator's setup while nobody sits on the committee,
 * or an interim decision of kind `interim-rules`, as the handler found it in its stream.
 */
export type InterimRulesAuthority =
  | { kind: 'setup' }
  | {
      kind: 'interim-decision';
      decisionId: string;
      decisionKind: string | null;
      adopted: boolean;
      /** The rules the decision proposed; null when it proposed none. */
      decisionRules: InterimRules | null;
    };

/** Replaces the interim rules with a new version. */
export type SetInterimRules = {
  type: 'SetInterimRules';
  data: { rules: InterimRules; authority: InterimRulesAuthority; setAt: string };
};

export type InterimRulesCommand = SetInterimRules;
