import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Actor,
  DomainError,
  EventMetadata,
  Page,
  eventIdFor,
  foldEvents,
  summarizePages,
  uuidV5,
} from '../../../../../libs/core/src';
import { conventionNamed } from '../../../../../libs/convention/src';
import {
  CommandEnvelope,
  CommandOutcome,
  CommandRunner,
  EventStore,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../../../../../libs/event-store/src';
import { ProjectionRunner } from '../../../../../libs/projections/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import {
  CharterEvent,
  CloseReferendum,
  PublishedBallotLine,
  ReferendumCountPagePublished,
  ReferendumEvent,
  ReferendumNotFoundError,
  WrongConventionPhaseError,
  charterDecider,
  charterStream,
  referendumCountPages,
  referendumCountStream,
  referendumDecider,
  referendumStream,
} from '../../../../../libs/proposals/src';
import { YesNoResult } from '../../../../../libs/voting/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadConventions } from '../../convention/convention-facts';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { RatificationReadModel } from '../ratification.read-model';
import { proposalsPhase, secretariatFacts } from '../ratification-facts';

/**
 * How long the close waits for the read models to take in the ballots below its line: long
 * enough for a projector catching up after a burst of a million ballots.
 */
const BALLOTS_PROJECTED_TIMEOUT_MS = 120_000;

export class CloseReferendumCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly referendumId: string,
  ) {}
}

export interface CloseReferendumResult {
  /** The close of voting: the line below which ballots count. */
  readonly line: CommandOutcome<ReferendumEvent>;
  /** The recorded count (or, in an older store, the one-event close). */
  readonly counted: CommandOutcome<ReferendumEvent>;
  readonly tally: YesNoResult;
  readonly charter: CommandOutcome<CharterEvent>;
}

/** Ids of the steps after the line: the same whoever completes the close, so each happens once. */
const countCommandId = (referendumId: string): string => uuidV5(`referendum-count/${referendumId}`);
const ratificationCommandId = (referendumId: string): string => uuidV5(`referendum-ratification/${referendumId}`);

/**
 * Closes the referendum. First the line: voting closes with its own event in the referendum's
 * stream, and the count takes exactly each voter's latest ballot at a log position below it (a
 * ballot landing later is late, never counted, and its cast answers VOTE_CLOSED). Then the
 * vote's key is destroyed (from then on nothing links a member to a ballot), the ballots below
 * the line are read from the ratification read model once it has applied the line (it is a
 * deterministic function of the log up to there, and reading it saves reading up to a million
 * ballot events back from the log), the count is published by tracker as pages in its own
 * stream, and the tally is recorded with the pages' summary. Last, the result goes on the
 * charter: ratified makes the organization FINAL, otherwise the interim structure stays.
 * Every step after the line has an id derived from the referendum, so a close interrupted at
 * any point is completed by closing again, with any command id, and nothing happens twice.
 */
@CommandHandler(CloseReferendumCommand)
export class CloseReferendumHandler implements ICommandHandler<CloseReferendumCommand, CloseReferendumResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly projections: ProjectionRunner,
    private readonly readModel: RatificationReadModel,
  ) {}

  async execute({ accepted, actor, referendumId }: CloseReferendumCommand): Promise<CloseReferendumResult> {
    const stream = referendumStream(referendumId);
    const history = await this.store.readStream(stream);
    const referendum = foldEvents(
      referendumDecider,
      history.map(({ type, data }) => ({ type, data }) as ReferendumEvent),
    );
    if (referendum.status === 'unknown') throw new ReferendumNotFoundError(referendumId);
    const { conventionId } = history[0].data as { conventionId: string };
    const conventions = await loadConventions(this.runner);
    const phase = proposalsPhase(conventionNamed(conventions, conventionId).phase);
    const command: CloseReferendum = {
      type: 'CloseReferendum',
      data: {
        referendumId,
        closedBy: secretariatFacts(conventions, conventionId, actor),
        closedAt: accepted.acceptedAt,
      },
    };
    if (referendum.status === 'open') {
      // Every refusal comes before the line: the charter can take the result only while the
      // convention is ratifying.
      referendumDecider.decide(command, referendum);
      if (phase !== 'ratification')
        throw new WrongConventionPhaseError('Ratifying the charter', phase, ['ratification']);
    }
    // On a closed referendum this replays this command's close or refuses another's; on one
    // whose close was interrupted it draws no second line and the steps below complete it.
    const line = await this.runner.run(referendumDecider, stream, accepted.envelope(command));
    await this.vault.destroyVoteKey(referendumId, new Date(accepted.acceptedAt));
    const { counted, tally, countedAt } = await this.count(accepted, referendumId);
    const charter = await this.runner.run(
      charterDecider,
      charterStream(),
      this.stepEnvelope(accepted, ratificationCommandId(referendumId), {
        type: 'RecordRatification' as const,
        data: { referendumId, phase, tally, decidedAt: countedAt },
      }),
    );
    return { line, counted, tally, charter };
  }

  /** Publishes the count and records it, unless that is done; returns the recorded count. */
  private async count(accepted: AcceptedCommand, referendumId: string) {
    const stream = referendumStream(referendumId);
    const history = await this.store.readStream(stream);
    const recorded = countOf(history);
    if (recorded !== null) return recorded;
    const line = history.find((event) => event.type === 'ReferendumVotingClosed');
    if (line === undefined) throw new Error(`Referendum ${referendumId} has no line to count below`);
    if (!(await this.projections.waitFor(line.position, BALLOTS_PROJECTED_TIMEOUT_MS))) {
      throw new DomainError(
        'UNAVAILABLE',
        'READ_MODEL_BEHIND',
        `The read models have not taken in the ballots below the close (position ${line.position.toString()}); retry the close`,
      );
    }
    // The read model keeps ballots in tracker order, the order the count is published in.
    const count: PublishedBallotLine[] = this.readModel.ballotsOf(referendumId);
    const pages = referendumCountPages(count);
    const envelope = this.stepEnvelope(accepted, countCommandId(referendumId), {
      type: 'CountReferendum' as const,
      data: { referendumId, count, pages: summarizePages(pages), countedAt: accepted.acceptedAt },
    });
    // Another close may have finished the count meanwhile (and the read model dropped the
    // ballots it held): its count stands, and it is the same one.
    const again = countOf(await this.store.readStream(stream));
    if (again !== null) return again;
    await this.publishPages(referendumId, pages, envelope.metadata);
    await this.runner.run(referendumDecider, stream, envelope);
    const done = countOf(await this.store.readStream(stream));
    if (done === null) throw new Error(`Referendum ${referendumId} was counted but no count is recorded`);
    return done;
  }

  /**
   * Appends the pages not yet in the count's stream, one page per append (each far below the
   * store's limit per append), each at the revision equal to its index. Not through the command
   * runner, which re-reads a stream for every command: the pages are already decided, and
   * re-reading tens of megabytes per page would make the close quadratic. A page another close
   * appended first is the same page, so a conflict just moves on past it.
   */
  private async publishPages(
    referendumId: string,
    pages: readonly Page<PublishedBallotLine>[],
    metadata: EventMetadata,
  ): Promise<void> {
    const stream = referendumCountStream(referendumId);
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    let next = last === undefined ? 0 : Number(last.revision) + 1;
    while (next < pages.length) {
      const page: ReferendumCountPagePublished = {
        type: 'ReferendumCountPagePublished',
        data: { referendumId, index: next, items: [...pages[next].items] },
      };
      try {
        await this.store.appendToStream(
          stream,
          [{ id: eventIdFor(metadata.commandId, stream, next), type: page.type, data: page.data, metadata }],
          { expectedRevision: next === 0 ? 'no_stream' : BigInt(next - 1) },
        );
        next += 1;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        next = error.actual === 'no_stream' ? 0 : Number(error.actual) + 1;
      }
    }
  }

  private stepEnvelope<Command>(accepted: AcceptedCommand, commandId: string, command: Command) {
    const envelope = accepted.envelope(command, { expectedRevision: undefined });
    return {
      ...envelope,
      metadata: { ...envelope.metadata, commandId, causationId: accepted.commandId },
    } satisfies CommandEnvelope<Command>;
  }
}

/** The recorded count in a referendum's stream, or null before it: the paged count, or an older store's one-event close. */
function countOf(
  history: readonly RecordedEvent[],
): { counted: CommandOutcome<ReferendumEvent>; tally: YesNoResult; countedAt: string } | null {
  const recorded = history.find((event) => event.type === 'ReferendumCounted' || event.type === 'ReferendumClosed');
  if (recorded === undefined) return null;
  const event = { type: recorded.type, data: recorded.data } as ReferendumEvent;
  if (event.type !== 'ReferendumCounted' && event.type !== 'ReferendumClosed') return null;
  const last = history[history.length - 1];
  return {
    counted: {
      streamName: recorded.streamName,
      events: [event],
      position: recorded.position,
      revision: last.revision,
      replayed: false,
    },
    tally: event.data.tally,
    countedAt: event.type === 'ReferendumCounted' ? event.data.countedAt : event.data.closedAt,
  };
}
