import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SealedValue, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import {
  MemberEvent,
  memberDecider,
  memberStream,
  nameClaimDecider,
  nameClaimStream,
  pseudonymScope,
} from '../../../../../libs/membership/src';
import { commitmentsDecider, commitmentsStream } from '../../../../../libs/organization/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { refuseStaleExpectedRevision } from '../expected-revision';
import { followClosures } from '../chapter-membership';
import { chapterFacts } from '../membership-facts';
import { sealContact } from '../personal-data';

export class EnrollMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly pseudonym: string,
    readonly region: string | null,
    readonly acceptedCommitmentsVersion: number | null,
    readonly contact: string | null = null,
    readonly chapterId: string | null = null,
  ) {}
}

export interface EnrollMemberResult {
  readonly memberId: string;
  readonly outcome: CommandOutcome<MemberEvent>;
}

const claimPseudonym = nameClaimDecider(pseudonymScope);

/**
 * Claims the pseudonym, then creates the member. Two streams cannot be written atomically on
 * every store, so the claim comes first and both steps derive their ids from the command id:
 * a retry after a crash between them finds its own claim and completes the enrolment.
 *
 * The version of the commitments in force is read first and handed to the decider as a fact. A
 * version published between that read and the append is not seen: the member is then enrolled
 * on the version that was current a moment earlier, which is the one they read and accepted.
 */
@CommandHandler(EnrollMemberCommand)
export class EnrollMemberHandler implements ICommandHandler<EnrollMemberCommand, EnrollMemberResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({
    accepted,
    pseudonym,
    region,
    acceptedCommitmentsVersion,
    contact,
    chapterId,
  }: EnrollMemberCommand): Promise<EnrollMemberResult> {
    const memberId = entityIdFor('member', accepted.commandId);
    const commitments = await this.runner.load(commitmentsDecider, commitmentsStream());
    const enrol = {
      type: 'EnrollMember' as const,
      data: {
        memberId,
        pseudonym,
        region,
        acceptedCommitmentsVersion,
        currentCommitmentsVersion: commitments.status === 'published' ? commitments.version : null,
        contact: null as SealedValue | null,
        joining: chapterId === null ? null : { chapterId, chapter: await chapterFacts(this.runner, chapterId) },
        enrolledAt: accepted.acceptedAt,
      },
    };
    const claimStream = nameClaimStream(pseudonymScope, pseudonym);
    const claimCommand = {
      type: 'ClaimName' as const,
      data: { name: pseudonym, ownerId: memberId, claimedAt: accepted.acceptedAt },
    };
    const existing = await this.runner.load(memberDecider, memberStream(memberId));
    const claim = await this.runner.load(claimPseudonym, claimStream);
    const claimedByThisEnrolment = claim.status === 'claimed' && claim.ownerId === memberId;
    // Validate the whole enrolment, the pseudonym included, before claiming or sealing anything,
    // so a rejected one reserves no pseudonym and makes no key. A retry of an enrolment that got
    // as far as its claim (or further) skips this and completes what the first attempt decided.
    if (existing.status === 'unknown' && !claimedByThisEnrolment) {
      memberDecider.decide(enrol, existing);
      claimPseudonym.decide(claimCommand, claim);
      await refuseStaleExpectedRevision(this.store, memberStream(memberId), accepted.expectedRevision);
    }
    let sealedKeyMade = false;
    if (existing.status === 'unknown' && contact !== null) {
      sealedKeyMade = (await this.vault.status(memberId)) === 'none';
      enrol.data.contact = await sealContact(this.vault, memberId, contact);
    }
    try {
      await this.runner.run(
        claimPseudonym,
        claimStream,
        accepted.envelope(claimCommand, { expectedRevision: undefined }),
      );
    } catch (error) {
      // Lost a race for the pseudonym after sealing: the key sealed nothing that was kept.
      if (sealedKeyMade) await this.vault.discard(memberId);
      throw error;
    }
    const outcome = await this.runner.run(memberDecider, memberStream(memberId), accepted.envelope(enrol));
    if (chapterId === null) return { memberId, outcome };
    // A chapter closed while this enrolment was decided: the new member follows its members.
    const followed = await followClosures(this.runner, accepted, memberId);
    return { memberId, outcome: followed > outcome.position ? { ...outcome, position: followed } : outcome };
  }
}
