import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { conventionNamed } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import {
  CharterAlreadyRatifiedError,
  OpenReferendum,
  ReferendumEvent,
  charterDecider,
  charterStream,
  referendumDecider,
  referendumStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadConventions } from '../../convention/convention-facts';
import { ReadModels } from '../../infrastructure/read-models.service';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { RatificationReadModel } from '../ratification.read-model';
import { proposalsPhase, referendumIdOf, referendumRules, secretariatFacts } from '../ratification-facts';
import { GoodStandingTally, membersInGoodStandingAt } from './members-in-good-standing';

export const DEFAULT_REFERENDUM_QUESTION = 'Do you ratify the charter adopted by the convention?';

export class OpenReferendumCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly question: string | null,
  ) {}
}

export interface OpenReferendumResult {
  readonly referendumId: string;
  readonly outcome: CommandOutcome<ReferendumEvent>;
}

/**
 * Opens the members' referendum on the charter as the convention adopted it. The electorate is
 * the members in good standing (enrolled, not resigned), counted on the log up to its head just
 * before the open is appended (from the read model's count at its checkpoint, the rest from the
 * log), never from a read model alone, which may lag; the threshold comes from
 * the rules of procedure; the vault makes the vote's secrecy key before the referendum is
 * recorded as open. A member enrolled between that head and the open's own append (the time
 * of one append) votes, as enrolled before the open, without being in the count.
 */
@CommandHandler(OpenReferendumCommand)
export class OpenReferendumHandler implements ICommandHandler<OpenReferendumCommand, OpenReferendumResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly readModels: ReadModels,
    private readonly readModel: RatificationReadModel,
  ) {}

  /**
   * The read model's count with the position it is exact for, read in one synchronous step (the
   * projector commits each batch with its checkpoint), so the log needs reading only from there.
   */
  private indexedCount(): GoodStandingTally {
    const checkpoint = this.readModels.db
      .prepare<[], number>("SELECT position FROM projection_checkpoints WHERE name = 'membership'")
      .pluck()
      .get();
    return { position: BigInt(checkpoint ?? 0), count: this.readModel.membersInGoodStanding() };
  }

  async execute({ accepted, actor, conventionId, question }: OpenReferendumCommand): Promise<OpenReferendumResult> {
    const conventions = await loadConventions(this.runner);
    const convention = conventionNamed(conventions, conventionId);
    const referendumId = referendumIdOf(conventionId);
    const stream = referendumStream(referendumId);
    const referendum = await this.runner.load(referendumDecider, stream);

    let electorateSize = referendum.status === 'unknown' ? 0 : referendum.electorateSize;
    if (referendum.status === 'unknown') {
      const charter = await this.runner.load(charterDecider, charterStream());
      if (charter.phase === 'FINAL') throw new CharterAlreadyRatifiedError();
      const known = this.indexedCount();
      electorateSize = await membersInGoodStandingAt(this.store, await this.store.headPosition(), known);
    }
    const command: OpenReferendum = {
      type: 'OpenReferendum',
      data: {
        referendumId,
        conventionId,
        question: question ?? DEFAULT_REFERENDUM_QUESTION,
        openedBy: secretariatFacts(conventions, conventionId, actor),
        phase: proposalsPhase(convention.phase),
        electorateSize,
        rules: referendumRules(convention),
        openedAt: accepted.acceptedAt,
      },
    };
    if (referendum.status === 'unknown') {
      // Decided once before the key is made, so a refused command leaves the vault as it was.
      referendumDecider.decide(command, referendum);
      await this.vault.createVoteKey(referendumId, new Date(accepted.acceptedAt));
    }
    const outcome = await this.runner.run(referendumDecider, stream, accepted.envelope(command));
    return { referendumId, outcome };
  }
}
