import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { conventionDecider, conventionStream, isOnSecretariat } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore, RecordedEvent } from '../../../../../libs/event-store/src';
import { MemberEvent, MemberResigned, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { committeeDecider, committeeStream, isOnCommittee } from '../../../../../libs/organization/src';
import { ProcessManager, ProcessManagerRunner, WorkflowSteps, crashPoint } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';

export class ResignMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
  ) {}
}

/**
 * What a resignation sets in motion, started by MemberResigned: the member leaves the committee
 * and the running convention's secretariat, each on that role's own stream, so every check of
 * those roles (in any process, in any slice) and every read model agrees the role is gone. The
 * resign command runs it at once; the process manager runner runs it from the log again after
 * a crash. Roles the member does not hold are left alone, so no step is ever refused.
 */
@Injectable()
export class ResignationWorkflow implements ProcessManager {
  readonly name = 'resignation';
  readonly triggers = ['MemberResigned'];

  constructor(private readonly runner: CommandRunner) {}

  async react(trigger: RecordedEvent, steps: WorkflowSteps): Promise<void> {
    const { memberId } = trigger.data as MemberResigned['data'];
    const committee = await this.runner.load(committeeDecider, committeeStream());
    if (isOnCommittee(committee, memberId)) {
      await steps.run(committeeDecider, committeeStream(), 'leave-committee', {
        type: 'LeaveCommitteeOnResignation',
        data: { memberId, memberResigned: true, resignedAt: steps.at },
      });
    }
    crashPoint('resignation/after-committee');
    const conventions = await this.runner.load(conventionDecider, conventionStream());
    const current = conventions.current;
    if (
      current !== null &&
      current.phase !== 'CLOSED' &&
      isOnSecretariat(conventions, current.conventionId, memberId)
    ) {
      // Removed by themself: the event every reader of the secretariat already understands.
      await steps.run(conventionDecider, conventionStream(), 'leave-secretariat', {
        type: 'RemoveSecretariatMember',
        data: { conventionId: current.conventionId, memberId, removedBy: memberId, removedAt: steps.at },
      });
    }
  }

  /** Nothing to undo: the resignation stands, and the role checks read the member's standing too. */
  async compensate(): Promise<void> {}
}

/**
 * The member leaves the organization (and their chapter); their pseudonym stays claimed. The
 * answer comes once they have also left the committee and the secretariat, its position after
 * the last of those steps.
 */
@CommandHandler(ResignMemberCommand)
export class ResignMemberHandler implements ICommandHandler<ResignMemberCommand, CommandOutcome<MemberEvent>> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  async execute({ accepted, memberId }: ResignMemberCommand): Promise<CommandOutcome<MemberEvent>> {
    const outcome = await this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({ type: 'ResignMember', data: { memberId, resignedAt: accepted.acceptedAt } }),
    );
    crashPoint('resignation/after-resign');
    const trigger = (await this.store.readStream(memberStream(memberId))).find(
      (event) => event.type === 'MemberResigned' && event.metadata.commandId === accepted.commandId,
    );
    if (trigger === undefined) return outcome;
    const { position } = await this.workflows.react(trigger);
    return position > outcome.position ? { ...outcome, position } : outcome;
  }
}
