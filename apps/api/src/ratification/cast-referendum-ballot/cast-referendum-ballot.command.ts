import { secretBallotEnvelope } from '../../commands/secret-ballot';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { foldEvents } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { KeyVault, VoteKeyDestroyedError } from '../../../../../libs/privacy/src';
import {
  ReferendumClosedError,
  ReferendumEvent,
  ReferendumNotFoundError,
  referendumDecider,
  referendumStream,
} from '../../../../../libs/proposals/src';
import { YesNoChoice } from '../../../../../libs/voting/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { requireBallotBeforeClose } from '../../commands/vote-closed';
import { ballotStreamDecider, referendumBallotStream, referendumLine } from '../ratification-facts';

export class CastReferendumBallotCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly referendumId: string,
    readonly choice: YesNoChoice,
  ) {}
}

export interface CastReferendumBallotResult {
  readonly outcome: CommandOutcome<ReferendumEvent>;
  /** The voter's tracker, to find their ballot in the published count. */
  readonly tracker: string;
}

/**
 * Records a member's secret ballot in its own stream, named by the vault's ballot key, under an
 * anonymous envelope. The member is in good standing when enrolled before the referendum opened
 * (so in its electorate) and not resigned since, read from the member's own stream. The answer
 * comes after the append: a ballot that landed above the referendum's close (closed meanwhile,
 * perhaps through another process) is late, not counted, and answered VOTE_CLOSED.
 */
@CommandHandler(CastReferendumBallotCommand)
export class CastReferendumBallotHandler implements ICommandHandler<
  CastReferendumBallotCommand,
  CastReferendumBallotResult
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  async execute({
    accepted,
    memberId,
    referendumId,
    choice,
  }: CastReferendumBallotCommand): Promise<CastReferendumBallotResult> {
    const history = await this.store.readStream(referendumStream(referendumId));
    const referendum = foldEvents(
      referendumDecider,
      history.map(({ type, data }) => ({ type, data }) as ReferendumEvent),
    );
    if (referendum.status === 'unknown') throw new ReferendumNotFoundError(referendumId);
    if (referendum.status !== 'open') throw new ReferendumClosedError(referendumId);
    const openedAt = history[0].position;

    let ballotKey: string;
    let tracker: string;
    try {
      ballotKey = await this.vault.ballotKey(referendumId, memberId);
      tracker = await this.vault.tracker(referendumId, memberId);
    } catch (error) {
      if (error instanceof VoteKeyDestroyedError) throw new ReferendumClosedError(referendumId);
      throw error;
    }
    const member = await this.store.readStream(memberStream(memberId));
    const state = foldEvents(
      memberDecider,
      member.map(({ type, data }) => ({ type, data }) as MemberEvent),
    );
    const inGoodStanding = state.status === 'enrolled' && member[0].position < openedAt;
    const outcome = await this.runner.run(
      ballotStreamDecider(referendum),
      referendumBallotStream(referendumId, ballotKey),
      secretBallotEnvelope(accepted, 'referendum-ballot', ballotKey, {
        type: 'CastReferendumBallot',
        data: {
          referendumId,
          voterKey: ballotKey,
          voter: { inGoodStanding },
          tracker,
          choice,
          castAt: accepted.acceptedAt,
        },
      }),
    );
    await requireBallotBeforeClose(this.store, referendumLine(referendumId), outcome.position);
    return { outcome, tracker };
  }
}
