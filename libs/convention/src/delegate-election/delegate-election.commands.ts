import { ConventionPhase, DelegateElectionMethod } from '../convention/convention.rules';
import { DelegateBallotChoice } from '../delegate-ballot/delegate-ballot.events';

/**
 * What the convention stream says about a chapter's election at the time of the command: the
 * handler reads it there and passes it in, so this decider needs no other stream.
 */
export interface ElectionContext {
  readonly conventionId: string;
  readonly chapterId: string;
  readonly phase: ConventionPhase;
  readonly seats: number;
  readonly method: DelegateElectionMethod;
  readonly alternates: number;
  readonly seed: string;
  readonly secretariat: readonly string[];
}

/**
 * Nominates a chapter member; `candidateChapterId` and `nominatorChapterId` come from the two
 * members' own streams.
 */
export type NominateDelegate = {
  type: 'NominateDelegate';
  data: {
    electionId: string;
    context: ElectionContext;
    candidateId: string;
    candidateChapterId: string | null;
    nominatedBy: string;
    nominatorChapterId: string | null;
    nominatedAt: string;
  };
};
export type ConsentToNomination = {
  type: 'ConsentToNomination';
  data: { electionId: string; context: ElectionContext; candidateId: string; consentedAt: string };
};
export type DeclineNomination = {
  type: 'DeclineNomination';
  data: { electionId: string; context: ElectionContext; candidateId: string; declinedAt: string };
};
export type OpenDelegateVoting = {
  type: 'OpenDelegateVoting';
  data: { electionId: string; context: ElectionContext; openedBy: string; openedAt: string };
};
export type CloseDelegateVoting = {
  type: 'CloseDelegateVoting';
  data: { electionId: string; context: ElectionContext; closedBy: string; closedAt: string };
};
/** Counts the ballots the handler collected from the log: each voter's latest before the close. */
export type TallyDelegateElection = {
  type: 'TallyDelegateElection';
  data: { electionId: string; ballots: readonly DelegateBallotChoice[]; talliedAt: string };
};
export type CredentialDelegate = {
  type: 'CredentialDelegate';
  data: {
    electionId: string;
    context: ElectionContext;
    memberId: string;
    credentialedBy: string;
    credentialedAt: string;
  };
};
export type WithdrawAsDelegate = {
  type: 'WithdrawAsDelegate';
  data: { electionId: string; context: ElectionContext; memberId: string; withdrewAt: string };
};

export type DelegateElectionCommand =
  | NominateDelegate
  | ConsentToNomination
  | DeclineNomination
  | OpenDelegateVoting
  | CloseDelegateVoting
  | TallyDelegateElection
  | CredentialDelegate
  | WithdrawAsDelegate;
