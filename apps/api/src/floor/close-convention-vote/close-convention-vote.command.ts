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
  ConventionVoteSubject,
  ConventionVoteTally,
  RollCallBallot,
  adoptedProposalFacts,
  amendmentDecider,
  amendmentFacts,
  amendmentStream,
  carries,
  charterDecider,
  charterStream,
  conventionVoteDecider,
  conventionVoteStream,
  proposalDecider,
  proposalStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { appended, loadFloorConvention, secretariatFacts, stepEnvelope } from '../floor-facts';
import { FloorStreams, loadAmendment, loadProposal } from '../floor-streams';
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
 * late, and its cast answers VOTE_CLOSED. Then, each as a step whose id derives from the close's
 * command id: the decision recorded on the amendment or proposals; an adopted amendment made
 * into a new version (and the amendments it overtakes marked in conflict); an adopted proposal
 * enacted in the charter. Closing again, with any command id, completes whatever a crash left
 * undone.
 */
@CommandHandler(CloseConventionVoteCommand)
export class CloseConventionVoteHandler implements ICommandHandler<CloseConventionVoteCommand, ConventionVoteResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: FloorStreams,
  ) {}

  async execute({ accepted, actor, voteId }: CloseConventionVoteCommand): Promise<ConventionVoteResult> {
    const stream = conventionVoteStream(voteId);
    const history = await this.store.readStream(stream);
    const opened = history.find((recorded) => recorded.type === 'ConventionVoteOpened');
    if (opened === undefined) throw new ConventionVoteNotFoundError(voteId);
    const { conventionId, subject } = (
      opened as unknown as { data: { conventionId: string; subject: ConventionVoteSubject } }
    ).data;
    const floor = await loadFloorConvention(this.runner, conventionId);
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
      const tally = (close.data as { tally: ConventionVoteTally }).tally;
      const completed = await this.carryOut(accepted, close.metadata.commandId, voteId, subject, tally);
      if (!completed) throw error;
      return {
        voteId,
        outcome: { streamName: stream, events: [], position: close.position, revision: close.revision, replayed: true },
      };
    }
    const closed = outcome.events.find((event) => event.type === 'ConventionVoteClosed');
    if (closed !== undefined && closed.type === 'ConventionVoteClosed') {
      await this.carryOut(accepted, accepted.commandId, voteId, subject, closed.data.tally);
    }
    return { voteId, outcome };
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

  /** Records and carries out the decision; true when any step appended (rather than found it done). */
  private async carryOut(
    accepted: AcceptedCommand,
    rootCommandId: string,
    voteId: string,
    subject: ConventionVoteSubject,
    tally: ConventionVoteTally,
  ): Promise<boolean> {
    const step = <C>(name: string, command: C) => stepEnvelope(accepted, name, command, rootCommandId);
    let changed = false;
    const note = (outcome: { events: readonly unknown[]; replayed: boolean }): void => {
      if (appended(outcome)) changed = true;
    };
    if (subject.kind === 'amendment') {
      const { amendmentId, proposalId } = subject;
      note(
        await this.runner.run(
          amendmentDecider,
          amendmentStream(amendmentId),
          step(`decision/${amendmentId}`, {
            type: 'RecordAmendmentDecision' as const,
            data: { amendmentId, voteId, tally, decidedAt: accepted.acceptedAt },
          }),
        ),
      );
      const decided = await loadAmendment(this.runner, amendmentId);
      if (decided.status !== 'adopted') return changed;
      if (decided.parentAmendmentId === null) {
        note(
          await this.runner.run(
            proposalDecider,
            proposalStream(proposalId),
            step(`apply/${amendmentId}`, {
              type: 'ApplyAdoptedAmendment' as const,
              data: { proposalId, amendment: amendmentFacts(decided), voteId, amendedAt: accepted.acceptedAt },
            }),
          ),
        );
      } else {
        const parentId = decided.parentAmendmentId;
        note(
          await this.runner.run(
            amendmentDecider,
            amendmentStream(parentId),
            step(`apply/${amendmentId}`, {
              type: 'ApplyAdoptedSecondary' as const,
              data: {
                amendmentId: parentId,
                secondary: amendmentFacts(decided),
                voteId,
                appliedAt: accepted.acceptedAt,
              },
            }),
          ),
        );
      }
      await this.streams.markConflicts(accepted, proposalId, rootCommandId);
      return changed;
    }
    const proposalIds = subject.kind === 'proposal' ? [subject.proposalId] : subject.proposalIds;
    for (const proposalId of proposalIds) {
      const outcome: 'adopted' | 'rejected' = carries(tally, subject.kind === 'proposal' ? undefined : proposalId)
        ? 'adopted'
        : 'rejected';
      note(
        await this.runner.run(
          proposalDecider,
          proposalStream(proposalId),
          step(`decision/${proposalId}`, {
            type: 'RecordProposalDecision' as const,
            data: { proposalId, voteId, outcome, tally, decidedAt: accepted.acceptedAt },
          }),
        ),
      );
      if (outcome !== 'adopted') continue;
      const adopted = await loadProposal(this.runner, proposalId);
      note(
        await this.runner.run(
          charterDecider,
          charterStream(),
          step(`enact/${proposalId}`, {
            type: 'EnactAdoptedProposal' as const,
            data: { proposal: adoptedProposalFacts(adopted), enactedAt: accepted.acceptedAt },
          }),
        ),
      );
    }
    return changed;
  }
}
