import { InterimDecisionRules, InterimVote, ProposedInterimRules } from './interim-decision.events';

/**
 * Puts a decision to the committee. `committee` is the sitting membership when the handler
 * accepted the command, so later appointments or retirements never change who may vote.
 */
export type ProposeInterimDecision = {
  type: 'ProposeInterimDecision';
  data: {
    decisionId: string;
    kind: string;
    title: string;
    text: string;
    proposedBy: string;
    committee: string[];
    rules: InterimDecisionRules;
    /** Required for kind `interim-rules`: the rules the decision would put in force. */
    interimRules?: ProposedInterimRules | null;
    deadline: string;
    proposedAt: string;
  };
};
/** Records or replaces a committee member's vote. */
export type VoteOnInterimDecision = {
  type: 'VoteOnInterimDecision';
  data: { decisionId: string; memberId: string; vote: InterimVote; votedAt: string };
};
/** Ends voting and records whether the decision was adopted or lapsed. */
export type CloseInterimDecision = {
  type: 'CloseInterimDecision';
  data: { decisionId: string; closedAt: string };
};

/** Everything that can be asked of an interim decision. */
export type InterimDecisionCommand = ProposeInterimDecision | VoteOnInterimDecision | CloseInterimDecision;
