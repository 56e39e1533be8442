import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, entityIdFor } from '../../../../../libs/core/src';
import {
  ConventionEvent,
  RulesOfProcedure,
  conventionDecider,
  conventionStream,
} from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';

export class CallConventionCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly title: string,
    readonly rules: RulesOfProcedure,
  ) {}
}

export interface ConventionCommandResult {
  readonly conventionId: string;
  readonly outcome: CommandOutcome<ConventionEvent>;
}

/** Calls a convention; only a sitting committee member may, and only when none is running. */
@CommandHandler(CallConventionCommand)
export class CallConventionHandler implements ICommandHandler<CallConventionCommand, ConventionCommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, title, rules }: CallConventionCommand): Promise<ConventionCommandResult> {
    const { memberId } = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    const conventionId = entityIdFor('convention', accepted.commandId);
    const outcome = await this.runner.run(
      conventionDecider,
      conventionStream(),
      accepted.envelope({
        type: 'CallConvention',
        data: { conventionId, title, rules, calledBy: memberId, calledAt: accepted.acceptedAt },
      }),
    );
    return { conventionId, outcome };
  }
}
