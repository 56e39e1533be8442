import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberNotFoundError, memberDecider, memberStream } from '../../../../../libs/membership/src';
import {
  AppointCommitteeMember,
  CommitteeActor,
  CommitteeEvent,
  committeeDecider,
  committeeStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { refuseResignedCommitteeActor } from '../committee-authority';

export class AppointCommitteeMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly memberId: string,
  ) {}
}

/**
 * Seats an enrolled member on the committee. The decider checks who may appoint; the handler
 * checks the appointee exists, since that needs another stream.
 */
@CommandHandler(AppointCommitteeMemberCommand)
export class AppointCommitteeMemberHandler implements ICommandHandler<
  AppointCommitteeMemberCommand,
  CommandOutcome<CommitteeEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, memberId }: AppointCommitteeMemberCommand): Promise<CommandOutcome<CommitteeEvent>> {
    const appoint: AppointCommitteeMember = {
      type: 'AppointCommitteeMember',
      data: { memberId, appointedBy: actor, appointedAt: accepted.acceptedAt },
    };
    await refuseResignedCommitteeActor(this.runner, actor);
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'enrolled') throw new MemberNotFoundError(memberId);
    return this.runner.run(committeeDecider, committeeStream(), accepted.envelope(appoint));
  }
}
