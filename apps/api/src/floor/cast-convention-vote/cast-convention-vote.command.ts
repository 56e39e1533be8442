import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Decider } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import {
  ConventionBallot,
  ConventionVoteCommand,
  ConventionVoteEvent,
  ConventionVoteNotFoundError,
  ConventionVoteState,
  conventionVoteDecider,
  conventionVoteStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { VoteLine, requireBallotBeforeClose } from '../../commands/vote-closed';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { FloorDelegates, loadFloorConvention } from '../floor-facts';

/** Ballots live in one stream per (vote, seat), so a vote's own stream stays small however many vote. */
export const conventionBallotStreamPrefix = (voteId: string): string => `ConventionBallot-${voteId}-`;
export const conventionBallotStream = (voteId: string, seatId: string): string =>
  `${conventionBallotStreamPrefix(voteId)}${seatId}`;

/**
 * The vote decider over one seat's ballot stream: its state starts from the vote as its own
 * stream has it (open or closed, its method and subject), and the seat's earlier ballots follow.
 */
export function seatBallotDecider(
  vote: ConventionVoteState,
): Decider<ConventionVoteCommand, ConventionVoteEvent, ConventionVoteState> {
  return { ...conventionVoteDecider, initialState: () => vote };
}

/** Where a convention vote's line is: the end of voting, or the close in stores written before it existed. */
export const conventionVoteLine = (voteId: string): VoteLine => ({
  voteKind: 'convention-vote',
  voteId,
  voteStream: conventionVoteStream(voteId),
  closeTypes: ['ConventionVotingEnded', 'ConventionVoteClosed'],
});

export class CastConventionVoteCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly voteId: string,
    readonly ballot: ConventionBallot,
  ) {}
}

export interface CastConventionVoteResult {
  readonly voteId: string;
  readonly seatId: string | null;
  readonly outcome: CommandOutcome<ConventionVoteEvent>;
}

/**
 * A credentialed delegate (or the alternate seated in their place) casts or changes the seat's
 * roll-call ballot. The vote's stream is only read; two ballots for one seat at once meet on the
 * seat's stream, where the loser re-reads and re-decides, so the seat keeps exactly one ballot.
 * The answer comes after the append: a ballot that landed above the vote's line (voting ended
 * meanwhile, perhaps through another process) is late, not counted, and answered VOTE_CLOSED.
 */
@CommandHandler(CastConventionVoteCommand)
export class CastConventionVoteHandler implements ICommandHandler<CastConventionVoteCommand, CastConventionVoteResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ accepted, memberId, voteId, ballot }: CastConventionVoteCommand): Promise<CastConventionVoteResult> {
    const vote = await this.runner.load(conventionVoteDecider, conventionVoteStream(voteId));
    if (vote.status === 'unknown') throw new ConventionVoteNotFoundError(voteId);
    const floor = await loadFloorConvention(this.runner, vote.conventionId);
    const seat = await this.delegates.seatOf(floor, memberId);
    const seatId = seat?.seatId ?? memberId;
    const outcome = await this.runner.run(
      seatBallotDecider(vote),
      conventionBallotStream(voteId, seatId),
      accepted.envelope({
        type: 'CastConventionBallot',
        data: {
          voteId,
          voter: { memberId, seatId, isCredentialedDelegate: seat !== null, weight: '1' },
          ballot,
          castAt: accepted.acceptedAt,
        },
      }),
    );
    await requireBallotBeforeClose(this.store, conventionVoteLine(voteId), outcome.position);
    return { voteId, seatId: seat?.seatId ?? null, outcome };
  }
}
