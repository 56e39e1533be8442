import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, DomainError, foldEvents } from '../../../../../libs/core/src';
import { conventionNamed } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { ProjectionRunner } from '../../../../../libs/projections/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import {
  CharterEvent,
  CloseReferendum,
  ReferendumEvent,
  ReferendumNotFoundError,
  WrongConventionPhaseError,
  charterDecider,
  charterStream,
  referendumDecider,
  referendumStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadConventions } from '../../convention/convention-facts';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { RatificationReadModel } from '../ratification.read-model';
import { ReferendumGate, proposalsPhase, referendumWithBallots, secretariatFacts } from '../ratification-facts';

/**
 * How long the close waits for the read models to take in the last ballots: long enough for a
 * projector catching up after a burst of a million ballots.
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
  readonly referendum: CommandOutcome<ReferendumEvent>;
  readonly charter: CommandOutcome<CharterEvent>;
}

/**
 * Closes the referendum: stops taking ballots, destroys the vote's key (from then on nothing
 * links a member to a ballot), counts each voter's latest ballot as the read models hold it
 * once they include the log's head, publishes the count by tracker, and records the result on
 * the charter: ratified makes the organization FINAL, otherwise the interim structure stays.
 */
@CommandHandler(CloseReferendumCommand)
export class CloseReferendumHandler implements ICommandHandler<CloseReferendumCommand, CloseReferendumResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly gate: ReferendumGate,
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
      // Every refusal comes before the key is destroyed: decided once without the ballots, and
      // the charter can take the result only while the convention is ratifying.
      referendumDecider.decide(command, referendum);
      if (phase !== 'ratification')
        throw new WrongConventionPhaseError('Ratifying the charter', phase, ['ratification']);
      await this.gate.beginClose(referendumId);
      await this.vault.destroyVoteKey(referendumId, new Date(accepted.acceptedAt));
    }
    // On a closed referendum this replays this command's close or refuses another's.
    const ballots = referendum.status === 'open' ? await this.ballotsAtHead(referendumId) : {};
    const closed = await this.runner.run(referendumWithBallots(ballots), stream, accepted.envelope(command));
    const result = closed.events.find((event) => event.type === 'ReferendumClosed');
    if (result?.type !== 'ReferendumClosed') throw new Error(`Referendum ${referendumId} closed without a result`);
    const charter = await this.runner.run(
      charterDecider,
      charterStream(),
      accepted.envelope({
        type: 'RecordRatification',
        data: { referendumId, phase, tally: result.data.tally, decidedAt: result.data.closedAt },
      }),
    );
    return { referendum: closed, charter };
  }

  /**
   * Every ballot, once no more can come: the read models hold each voter's latest ballot, so
   * the close waits until they include the log's head and reads them there, instead of reading
   * up to a million ballot events back from the log.
   */
  private async ballotsAtHead(referendumId: string) {
    const head = await this.store.headPosition();
    if (!(await this.projections.waitFor(head, BALLOTS_PROJECTED_TIMEOUT_MS))) {
      throw new DomainError(
        'UNAVAILABLE',
        'READ_MODEL_BEHIND',
        `The read models have not taken in the last ballots (position ${head.toString()}); retry the close with the same commandId`,
      );
    }
    return this.readModel.ballotsOf(referendumId);
  }
}
