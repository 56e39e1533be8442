import { Quorum, Threshold } from '../../voting/src';

/**
 * Facts the proposals context does not own. The convention context (phases, rules of procedure,
 * credentials) and membership decide them; a command handler reads them and hands them in, so
 * these deciders stay pure and never reach into another context's streams.
 */

/** The phases a convention moves through, in order. */
export type ConventionPhase =
  | 'called'
  | 'delegate-selection'
  | 'proposal-submission'
  | 'amendment'
  | 'deliberation'
  | 'voting'
  | 'ratification'
  | 'closed';

/** A member acting as a delegate, as the convention's credentials stood when the command was accepted. */
export type DelegateFacts = { memberId: string; isCredentialedDelegate: boolean };

/** A member acting for the convention secretariat, as the convention's records stood. */
export type SecretariatFacts = { memberId: string; isSecretariat: boolean };

/** What a proposal is for, and what it changes if adopted. */
export type ProposalKind =
  'adopt-rule' | 'amend-rule' | 'repeal-rule' | 'create-body' | 'adopt-commitment' | 'adopt-campaign' | 'resolution';

export const PROPOSAL_KINDS: readonly ProposalKind[] = [
  'adopt-rule',
  'amend-rule',
  'repeal-rule',
  'create-body',
  'adopt-commitment',
  'adopt-campaign',
  'resolution',
];

/** The rules of procedure that govern submitting and amending proposals. */
export type SubmissionRules = {
  /** How many delegates besides the sponsor must second a proposal before it can be put to a vote. */
  secondersRequired: number;
};

export type AmendmentRules = {
  /** 1: primary amendments only; 2: secondary amendments to primaries too; and so on. */
  amendmentDepth: number;
  /** Whether a sponsor may accept an amendment into the proposal without a vote. */
  friendlyAmendments: boolean;
};

/** Threshold and quorum for one kind of vote, as the rules of procedure give them (libs/voting types). */
export type VoteRules = { threshold: Threshold; quorum: Quorum | null };

/** Deadlines of the convention's phases, ISO-8601 UTC instants. */
export type ConventionDeadlines = { proposalSubmission: string; amendment: string };

/** The voting part of the rules of procedure: threshold and quorum per proposal kind, and for amendments. */
export type VotingProcedure = { proposals: Record<ProposalKind, VoteRules>; amendments: VoteRules };

/** The rules a vote on an amendment, or on a proposal of the given kind, is counted by. */
export function voteRulesFor(procedure: VotingProcedure, subject: 'amendment' | ProposalKind): VoteRules {
  return subject === 'amendment' ? procedure.amendments : procedure.proposals[subject];
}
