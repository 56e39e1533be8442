import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { ClauseOperation, amendmentDecider, amendmentStream } from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorStreams, commandSteps, loadAmendment, loadProposal } from '../floor-streams';
import { AmendmentCommandResult, amendmentTarget } from '../propose-amendment/propose-amendment.command';

export class RebaseAmendmentCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly amendmentId: string,
    readonly operations: readonly ClauseOperation[],
  ) {}
}

/**
 * The author redrafts the amendment on the current version of what it amends. The new revision
 * puts the amendment's own secondary amendments in conflict, as any new version does.
 */
@CommandHandler(RebaseAmendmentCommand)
export class RebaseAmendmentHandler implements ICommandHandler<RebaseAmendmentCommand, AmendmentCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly streams: FloorStreams,
  ) {}

  async execute({ accepted, memberId, amendmentId, operations }: RebaseAmendmentCommand) {
    const amendment = await loadAmendment(this.runner, amendmentId);
    const proposal = await loadProposal(this.runner, amendment.proposalId);
    const parent =
      amendment.parentAmendmentId === null ? null : await loadAmendment(this.runner, amendment.parentAmendmentId);
    const outcome = await this.runner.run(
      amendmentDecider,
      amendmentStream(amendmentId),
      accepted.envelope({
        type: 'RebaseAmendment',
        data: {
          amendmentId,
          memberId,
          target: amendmentTarget(proposal, parent, null),
          operations: [...operations] as ClauseOperation[],
          rebasedAt: accepted.acceptedAt,
        },
      }),
    );
    const steps = commandSteps(this.runner, accepted);
    await this.streams.markConflicts(steps, amendment.proposalId);
    // The receipt covers the conflicts the new revision caused, not only the revision itself.
    const position = steps.position > outcome.position ? steps.position : outcome.position;
    return { amendmentId, outcome: { ...outcome, position } };
  }
}
