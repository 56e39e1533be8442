import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  CommitteeActor,
  InterimDecisionEvent,
  interimDecisionDecider,
  interimDecisionStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { requireSittingCommitteeMember } from '../committee-authority';

export class CloseInterimDecisionCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly decisionId: string,
  ) {}
}

/** Closes voting for any sitting committee member; the decider tallies and says adopted or lapsed. */
@CommandHandler(CloseInterimDecisionCommand)
export class CloseInterimDecisionHandler implements ICommandHandler<
  CloseInterimDecisionCommand,
  CommandOutcome<InterimDecisionEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    actor,
    decisionId,
  }: CloseInterimDecisionCommand): Promise<CommandOutcome<InterimDecisionEvent>> {
    await requireSittingCommitteeMember(this.runner, actor);
    return this.runner.run(
      interimDecisionDecider,
      interimDecisionStream(decisionId),
      accepted.envelope({ type: 'CloseInterimDecision', data: { decisionId, closedAt: accepted.acceptedAt } }),
    );
  }
}
