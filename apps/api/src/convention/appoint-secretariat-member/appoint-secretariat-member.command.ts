import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { ConventionEvent, conventionDecider, conventionStream } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberNotFoundError, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';

export class AppointSecretariatMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly memberId: string,
  ) {}
}

/** Appoints an enrolled member to the convention's secretariat; only a sitting committee member may. */
@CommandHandler(AppointSecretariatMemberCommand)
export class AppointSecretariatMemberHandler implements ICommandHandler<
  AppointSecretariatMemberCommand,
  CommandOutcome<ConventionEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    actor,
    conventionId,
    memberId,
  }: AppointSecretariatMemberCommand): Promise<CommandOutcome<ConventionEvent>> {
    const committee = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'enrolled') throw new MemberNotFoundError(memberId);
    return this.runner.run(
      conventionDecider,
      conventionStream(),
      accepted.envelope({
        type: 'AppointSecretariatMember',
        data: { conventionId, memberId, appointedBy: committee.memberId, appointedAt: accepted.acceptedAt },
      }),
    );
  }
}
