import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CastDelegateBallot,
  DelegateBallotChoice,
  DelegateBallotEvent,
  DelegateVotingNotOpenError,
  delegateBallotDecider,
  delegateBallotStream,
  delegateSelectionKeyId,
} from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { KeyVault, VoteKeyDestroyedError } from '../../../../../libs/privacy/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { secretBallotEnvelope } from '../../commands/secret-ballot';
import { requireBallotBeforeClose } from '../../commands/vote-closed';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { chapterOfMember, loadElection, loadElectionFacts } from '../convention-facts';

export class CastDelegateBallotCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly voterId: string,
    readonly conventionId: string,
    readonly chapterId: string,
    readonly choice: DelegateBallotChoice,
  ) {}
}

export interface CastDelegateBallotResult {
  readonly electionId: string;
  readonly outcome: CommandOutcome<DelegateBallotEvent>;
}

/**
 * Writes a secret ballot: after reading the election's state and the voter's chapter from their
 * member stream, the ballot goes to the voter's own stream for this convention, named by the
 * vault's HMAC of the member (never the member id), with no actor in its metadata. The election
 * stream is only read, never appended to. The answer comes after the append: a ballot that
 * landed above the election's close (closed meanwhile, perhaps by another process) is late,
 * not counted, and answered VOTE_CLOSED.
 */
@CommandHandler(CastDelegateBallotCommand)
export class CastDelegateBallotHandler implements ICommandHandler<CastDelegateBallotCommand, CastDelegateBallotResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({
    accepted,
    voterId,
    conventionId,
    chapterId,
    choice,
  }: CastDelegateBallotCommand): Promise<CastDelegateBallotResult> {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const election = await loadElection(this.runner, electionId);
    const cast: CastDelegateBallot = {
      type: 'CastDelegateBallot',
      data: {
        electionId,
        voterId,
        voterKey: '',
        voterChapterId: await chapterOfMember(this.runner, voterId),
        election: {
          status: election.status,
          phase: context.phase,
          chapterId,
          method: context.method,
          candidates: election.status === 'NONE' ? [] : election.candidates,
        },
        choice,
        castAt: accepted.acceptedAt,
      },
    };
    // The checks that do not depend on earlier ballots come first, so a refused voter gets the
    // reason that applies to them and the vault is not asked for a key it may not have.
    delegateBallotDecider.decide(cast, delegateBallotDecider.initialState());
    let voterKey: string;
    try {
      voterKey = await this.vault.ballotKey(delegateSelectionKeyId(conventionId), voterId);
    } catch (error) {
      if (error instanceof VoteKeyDestroyedError) throw new DelegateVotingNotOpenError(electionId);
      throw error;
    }
    const outcome = await this.runner.run(
      delegateBallotDecider,
      delegateBallotStream(conventionId, voterKey),
      secretBallotEnvelope(accepted, 'delegate-ballot', voterKey, { ...cast, data: { ...cast.data, voterKey } }),
    );
    await requireBallotBeforeClose(
      this.store,
      { voteKind: 'delegate-election', voteId: electionId, voteStream: stream, closeTypes: ['DelegateVotingClosed'] },
      outcome.position,
    );
    return { electionId, outcome };
  }
}
