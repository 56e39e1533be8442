import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, uuidV5 } from '../../../../../libs/core/src';
import { DelegateElectionEvent, delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { ballotsCastBetween, conventionActorId, loadElectionFacts } from '../convention-facts';

export class CloseDelegateVotingCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly chapterId: string,
  ) {}
}

export interface CloseDelegateVotingResult {
  readonly electionId: string;
  /** The tally's outcome; `replayed` says whether the close itself had already happened. */
  readonly outcome: CommandOutcome<DelegateElectionEvent>;
}

/**
 * Closes voting, then counts. The close is appended first so that its log position is the
 * line: the ballots counted are exactly those at lower positions. If the count is interrupted,
 * closing again (any command id) finds the election closed and completes it.
 */
@CommandHandler(CloseDelegateVotingCommand)
export class CloseDelegateVotingHandler implements ICommandHandler<
  CloseDelegateVotingCommand,
  CloseDelegateVotingResult
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ accepted, actor, conventionId, chapterId }: CloseDelegateVotingCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const closed = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'CloseDelegateVoting',
        data: { electionId, context, closedBy: conventionActorId(actor), closedAt: accepted.acceptedAt },
      }),
    );
    const history = await this.store.readStream(stream);
    const opened = history.find((recorded) => recorded.type === 'DelegateVotingOpened');
    const close = history.find((recorded) => recorded.type === 'DelegateVotingClosed');
    if (opened === undefined || close === undefined) return { electionId, outcome: closed };
    const ballots = await ballotsCastBetween(this.store, conventionId, electionId, opened.position, close.position);
    // The count is its own command (id derived from this one), so a retry recognises it too.
    const tallyId = uuidV5(`${accepted.commandId}/tally`);
    const envelope = accepted.envelope(
      { type: 'TallyDelegateElection', data: { electionId, ballots, talliedAt: accepted.acceptedAt } },
      { expectedRevision: undefined },
    );
    const tallied = await this.runner.run(delegateElectionDecider, stream, {
      ...envelope,
      metadata: { ...envelope.metadata, commandId: tallyId, causationId: accepted.commandId },
    });
    return { electionId, outcome: { ...tallied, replayed: closed.replayed } };
  }
}
