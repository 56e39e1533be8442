import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  MemberEvent,
  memberDecider,
  memberStream,
  nameClaimDecider,
  nameClaimStream,
  pseudonymScope,
} from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class EnrollMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly pseudonym: string,
    readonly region: string | null,
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
 */
@CommandHandler(EnrollMemberCommand)
export class EnrollMemberHandler implements ICommandHandler<EnrollMemberCommand, EnrollMemberResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, pseudonym, region }: EnrollMemberCommand): Promise<EnrollMemberResult> {
    const memberId = entityIdFor('member', accepted.commandId);
    const enrol = {
      type: 'EnrollMember' as const,
      data: { memberId, pseudonym, region, enrolledAt: accepted.acceptedAt },
    };
    // Validate the whole enrolment before claiming, so a rejected one reserves no pseudonym.
    memberDecider.decide(enrol, memberDecider.initialState());
    await this.runner.run(
      claimPseudonym,
      nameClaimStream(pseudonymScope, pseudonym),
      accepted.envelope(
        { type: 'ClaimName', data: { name: pseudonym, ownerId: memberId, claimedAt: accepted.acceptedAt } },
        { expectedRevision: undefined },
      ),
    );
    const outcome = await this.runner.run(memberDecider, memberStream(memberId), accepted.envelope(enrol));
    return { memberId, outcome };
  }
}
