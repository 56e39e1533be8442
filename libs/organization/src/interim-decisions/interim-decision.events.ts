/** A fraction of the committee, kept as integers so thresholds are compared exactly. */
export type Fraction = { numerator: number; denominator: number };

/** How much support an interim decision needs and which kinds of decision the committee may take. */
export type InterimDecisionRules = {
  minimumSupport: Fraction;
  maximumObjections: number;
  /** null: any kind of decision may be taken. */
  allowedKinds: string[] | null;
};

/** The rules that apply when the convention has not set others: four fifths, at most one objection. */
export const DEFAULT_INTERIM_DECISION_RULES: InterimDecisionRules = {
  minimumSupport: { numerator: 4, denominator: 5 },
  maximumObjections: 1,
  allowedKinds: null,
};

/**
 * The interim rules a decision of kind `interim-rules` proposes; adopting the decision lets a
 * committee member put exactly these in force.
 */
export type ProposedInterimRules = {
  decisions: InterimDecisionRules;
  minimumChapterFounders: number;
};

/** One committee member's position on a decision. */
export type InterimVote = 'support' | 'object' | 'abstain';

/** The count at closing; `absent` are committee members who never voted, which counts against adoption. */
export type InterimDecisionTally = {
  committeeSize: number;
  supports: number;
  objections: number;
  abstentions: number;
  absent: number;
};

/** Events of one decision's stream, InterimDecision-<decisionId>. */
export type InterimDecisionProposed = {
  type: 'InterimDecisionProposed';
  data: {
    decisionId: string;
    kind: string;
    title: string;
    text: string;
    proposedBy: string;
    committee: string[];
    rules: InterimDecisionRules;
    /** For a decision of kind `interim-rules`: the rules it would put in force; absent otherwise. */
    interimRules?: ProposedInterimRules;
    deadline: string;
    proposedAt: string;
  };
};
/** A member's vote; it replaces any earlier vote of theirs on the same decision. */
export type InterimDecisionVoteCast = {
  type: 'InterimDecisionVoteCast';
  data: { decisionId: string; memberId: string; vote: InterimVote; votedAt: string };
};
export type InterimDecisionAdopted = {
  type: 'InterimDecisionAdopted';
  data: { decisionId: string; tally: InterimDecisionTally; adoptedAt: string };
};
export type InterimDecisionLapsed = {
  type: 'InterimDecisionLapsed';
  data: { decisionId: string; tally: InterimDecisionTally; lapsedAt: string };
};

/** Everything that can happen to an interim decision. */
export type InterimDecisionEvent =
  InterimDecisionProposed | InterimDecisionVoteCast | InterimDecisionAdopted | InterimDecisionLapsed;

export const interimDecisionStream = (decisionId: string): string => `InterimDecision-${decisionId}`;
