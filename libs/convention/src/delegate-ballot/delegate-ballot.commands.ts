import { ConventionPhase } from '../convention/convention.rules';
import { DelegateElectionStatus } from '../delegate-election/delegate-election.state';
import { DelegateBallotChoice } from './delegate-ballot.events';

/** The election as the handler read it from its stream when the ballot arrived. */
export interface BallotElectionFacts {
  readonly status: DelegateElectionStatus | 'NONE';
  readonly phase: ConventionPhase;
  readonly chapterId: string;
  readonly method: 'STV' | 'APPROVAL';
  readonly candidates: readonly string[];
}

/**
 * Casts or replaces a voter's ballot; `voterChapterId` comes from the voter's own member stream,
 * `voterKey` from the key vault.
 */
export type CastDelegateBallot = {
  type: 'CastDelegateBallot';
  data: {
    electionId: string;
    /** The member, for messages only: the events carry the voter key instead. */
    voterId: string;
    voterKey: string;
    voterChapterId: string | null;
    election: BallotElectionFacts;
    choice: DelegateBallotChoice;
    castAt: string;
  };
};

export type DelegateBallotCommand = CastDelegateBallot;
