import type { ApprovalResult, ScottishStvResult } from '../../../voting/src';
import { uuidV5 } from '../../../core/src';
import { DelegateElectionMethod } from '../convention/convention.rules';

/** Events of one chapter's delegate election, DelegateElection-<electionId>. */
export type DelegateElectionStarted = {
  type: 'DelegateElectionStarted';
  data: {
    electionId: string;
    conventionId: string;
    chapterId: string;
    seats: number;
    method: DelegateElectionMethod;
    alternates: number;
    seed: string;
    startedAt: string;
  };
};
export type DelegateCandidateNominated = {
  type: 'DelegateCandidateNominated';
  data: { electionId: string; candidateId: string; nominatedBy: string; nominatedAt: string };
};
/** The candidate consented to stand; a self-nomination records it at once. */
export type DelegateNominationAccepted = {
  type: 'DelegateNominationAccepted';
  data: { electionId: string; candidateId: string; acceptedAt: string };
};
export type DelegateNominationDeclined = {
  type: 'DelegateNominationDeclined';
  data: { electionId: string; candidateId: string; declinedAt: string };
};
/** Nominations are closed; `candidates` are those who had consented, in order of nomination. */
export type DelegateVotingOpened = {
  type: 'DelegateVotingOpened';
  data: { electionId: string; candidates: string[]; openedBy: string; openedAt: string };
};
/** Ballots at a later log position than this event are not counted. */
export type DelegateVotingClosed = {
  type: 'DelegateVotingClosed';
  data: { electionId: string; closedBy: string; closedAt: string };
};

/** The count's full working: Scottish STV stages or approval totals, lots included; null with no candidate. */
export type DelegateElectionWorking = ScottishStvResult | ApprovalResult | null;

export type DelegateElectionTallied = {
  type: 'DelegateElectionTallied';
  data: {
    electionId: string;
    method: DelegateElectionMethod;
    seats: number;
    candidates: string[];
    /** Ballots counted: the latest of each voter cast before the close. */
    ballots: number;
    /** Delegates in order of election; fewer than the seats when too few stood. */
    elected: string[];
    /** The next ranked, first alternate first, at most the rules' number. */
    alternates: string[];
    working: DelegateElectionWorking;
    talliedAt: string;
  };
};
export type DelegateCredentialed = {
  type: 'DelegateCredentialed';
  data: { electionId: string; memberId: string; credentialedBy: string; credentialedAt: string };
};
/** A seated delegate gave up the seat. */
export type DelegateWithdrew = {
  type: 'DelegateWithdrew';
  data: { electionId: string; memberId: string; withdrewAt: string };
};
/** The first waiting alternate took a vacated seat; they need credentials of their own. */
export type AlternateSeated = {
  type: 'AlternateSeated';
  data: { electionId: string; memberId: string; replacing: string; seatedAt: string };
};
/** An alternate not (yet) seated stood down and will not be called. */
export type AlternateWithdrew = {
  type: 'AlternateWithdrew';
  data: { electionId: string; memberId: string; withdrewAt: string };
};

export type DelegateElectionEvent =
  | DelegateElectionStarted
  | DelegateCandidateNominated
  | DelegateNominationAccepted
  | DelegateNominationDeclined
  | DelegateVotingOpened
  | DelegateVotingClosed
  | DelegateElectionTallied
  | DelegateCredentialed
  | DelegateWithdrew
  | AlternateSeated
  | AlternateWithdrew;

/** Each chapter has one election per convention, so its id follows from the two. */
export const delegateElectionId = (conventionId: string, chapterId: string): string =>
  uuidV5(`delegate-election/${conventionId}/${chapterId}`);

export const delegateElectionStream = (electionId: string): string => `DelegateElection-${electionId}`;
