import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { BranchEvent, CommitteeActor, branchDecider, branchStream } from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { requireCommitteeAuthority } from '../committee-authority';

export class FoundBranchCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly name: string,
    readonly countryCode: string,
  ) {}
}

export interface FoundBranchResult {
  readonly branchId: string;
  readonly outcome: CommandOutcome<BranchEvent>;
}

/** Founds a national branch, for the committee (or an operator before it exists). */
@CommandHandler(FoundBranchCommand)
export class FoundBranchHandler implements ICommandHandler<FoundBranchCommand, FoundBranchResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, name, countryCode }: FoundBranchCommand): Promise<FoundBranchResult> {
    await requireCommitteeAuthority(this.runner, actor);
    const branchId = entityIdFor('branch', accepted.commandId);
    const outcome = await this.runner.run(
      branchDecider,
      branchStream(branchId),
      accepted.envelope({ type: 'FoundBranch', data: { branchId, name, countryCode, foundedAt: accepted.acceptedAt } }),
    );
    return { branchId, outcome };
  }
}
