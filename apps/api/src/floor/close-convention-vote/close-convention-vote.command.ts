import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, Decider } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore, scanLogBetween } from '../../../../../libs/event-store/src';
import {
  CloseConventionVote,
  ConventionBallotCast,
  ConventionVoteClosedError,
  ConventionVoteCommand,
  ConventionVoteEvent,
  ConventionVoteNotFoundError,
  ConventionVoteState,
  RollCallBallot,
  conventionVoteDecider,
  conventionVoteStream,
} from '../../../../../libs/proposals/src';
import { crashPoint } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { loadFloorConvention, secretariatFacts, stepEnvelope } from '../floor-facts';
import { FloorWorkflows } from '../floor-workflows';
import { closePositionOf } from '../../commands/vote-closed';
import { conventionBallotStreamPrefix, conventionVoteLine } from '../cast-convention-vote/cast-convention-vote.command';
import { ConventionVoteResult } from '../open-convention-vote/open-convention-vote.command';

export class CloseConventionVoteCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly voteId: string,
  ) {}
}

/** The vote decider with the ballots read from the seats' streams in place of its own (empty) ballot list. */
function withBallots(
  ballots: Readonly<Record<string, RollCallBallot>>,
): Decider<ConventionVoteCommand, ConventionVoteEvent, ConventionVoteState> {
  return {
    ...conventionVoteDecider,
    decide: (command, state) =>
      conventionVoteDecider.decide(
        command,
        state.status === 'open' || state.status === 'counting' ? { ...state, ballots } : state,
      ),
  };
}

/**
 * Closes a vote and carries out its decision. Voting ends first, with its own event in the
 * vote's stream: that event's log position is the line, and the count is over each seat's
 * latest ballot between the opening and the line (one pass over that stretch, never a stream
 * with every ballot in it). A ballot that lands above the line is late: not counted, shown as
 * late, and its cast answers VOTE_CLOSED. Then the vote-decision workflow (FloorWorkflows) runs:
 * the decision recorded on the amendment or proposals; an adopted amendment made into a new
 * version (and the amendments it overtakes marked in conflict); an adopted proposal enacted in
 * the charter. After a crash the process manager completes it; closing again does too.
 */
@CommandHandler(CloseConventionVoteCommand)
export class CloseConventionVoteHandler implements ICommandHandler<CloseConventionVoteCommand, ConventionVoteResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: FloorWorkflows,
  ) {}

  async execute({ accepted, actor, voteId }: CloseConventionVoteCommand): Promise<ConventionVoteResult> {
    const stream = conventionVoteStream(voteId);
    const history = await this.store.readStream(stream);
    const opened = history.find((recorded) => recorded.type === 'ConventionVoteOpened');
    if (opened === undefined) throw new ConventionVoteNotFoundError(voteId);
    const { conventionId } = (opened as unknown as { data: { conventionId: string } }).data;
    const floor = await loadFloorConvention(this.runner, conventionId);
    // An opening a crash interrupted is completed first, so a vote closes only over reserved subjects.
    await this.workflows.completeOpening(voteId);
    const close: CloseConventionVote = {
      type: 'CloseConventionVote',
      data: { voteId, closedBy: secretariatFacts(floor, actor), present: null, closedAt: accepted.acceptedAt },
    };
    const ballots = await this.ballotsBelowLine(accepted, close, opened.position);
    let outcome: CommandOutcome<ConventionVoteEvent>;
    try {
      outcome = await this.runner.run(
        withBallots(ballots),
        stream,
        // The client's expected revision was checked when voting ended, just before.
        accepted.envelope(close, { expectedRevision: undefined }),
      );
    } catch (error) {
      if (!(error instanceof ConventionVoteClosedError)) throw error;
      const close = (await this.store.readStream(stream)).find((recorded) => recorded.type === 'ConventionVoteClosed');
      if (close === undefined) throw error;
      // Closing again completes what a crash left undone (the process manager would too).
      const done = await this.workflows.complete(stream, close.metadata.commandId, close.position);
      if (!done.appended) throw error;
      return {
        voteId,
        outcome: { streamName: stream, events: [], position: done.position, revision: close.revision, replayed: true },
      };
    }
    crashPoint('close-vote/after-close');
    // The decision's workflow (see FloorWorkflows) runs now, so the receipt's position is at or
    // after its last effect: the decision recorded, the text amended, the charter entry made.
    const done = await this.workflows.complete(stream, accepted.commandId, outcome.position);
    return { voteId, outcome: { ...outcome, position: done.position } };
  }

  /**
   * Ends voting unless it has ended (the line), then reads the ballots below the line. Every
   * refusal the close can meet is tried first on the vote as it stands, so a refused close draws
   * no line. A vote already closed gives no ballots: the close that follows finds it closed.
   */
  private async ballotsBelowLine(
    accepted: AcceptedCommand,
    close: CloseConventionVote,
    openedAt: bigint,
  ): Promise<Record<string, RollCallBallot>> {
    const { voteId, closedBy, closedAt } = close.data;
    const stream = conventionVoteStream(voteId);
    const vote = await this.runner.load(conventionVoteDecider, stream);
    if (vote.status === 'closed') return {};
    conventionVoteDecider.decide(close, vote);
    try {
      await this.runner.run(conventionVoteDecider, stream, {
        ...stepEnvelope(accepted, 'end-voting', {
          type: 'EndConventionVoting' as const,
          data: { voteId, endedBy: closedBy, endedAt: closedAt },
        }),
        expectedRevision: accepted.expectedRevision,
      });
    } catch (error) {
      if (error instanceof ConventionVoteClosedError) return {};
      throw error;
    }
    const line = await closePositionOf(this.store, conventionVoteLine(voteId));
    if (line === null) throw new Error(`Convention vote ${voteId} has no line after voting ended`);
    return this.ballotsCastBetween(voteId, openedAt, line - 1n);
  }

  /** Each seat's latest ballot between two log positions (exclusive, inclusive), by seat. */
  private async ballotsCastBetween(
    voteId: string,
    after: bigint,
    until: bigint,
  ): Promise<Record<string, RollCallBallot>> {
    const latest: Record<string, RollCallBallot> = {};
    await scanLogBetween(
      this.store,
      { after, upTo: until, streamPrefix: conventionBallotStreamPrefix(voteId), type: 'ConventionBallotCast' },
      (recorded) => {
        const { seatId, memberId, weight, ballot } = recorded.data as ConventionBallotCast['data'];
        latest[seatId] = { seatId, memberId, weight, ballot };
      },
    );
    return latest;
  }
}
