import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  AmendmentBaseOutdatedError,
  AmendmentEvent,
  AmendmentTargetFacts,
  ClauseOperation,
  KnownAmendment,
  KnownProposal,
  amendmentDecider,
  amendmentStream,
  primaryAmendmentTarget,
  secondaryAmendmentTarget,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorDelegates, loadFloorConvention } from '../floor-facts';
import { loadAmendment, loadProposal } from '../floor-streams';

export class ProposeAmendmentCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly proposalId: string,
    readonly parentAmendmentId: string | null,
    readonly baseVersion: number | null,
    readonly operations: readonly ClauseOperation[],
  ) {}
}

export interface AmendmentCommandResult {
  readonly amendmentId: string;
  readonly outcome: CommandOutcome<AmendmentEvent>;
}

/**
 * What an amendment changes: a version of the proposal (the current one when none is named), or
 * for a secondary amendment its parent's current revision (earlier revisions' texts are not kept).
 */
export function amendmentTarget(
  proposal: KnownProposal,
  parent: KnownAmendment | null,
  baseVersion: number | null,
): AmendmentTargetFacts {
  if (parent === null) {
    const target = primaryAmendmentTarget(proposal, baseVersion ?? undefined);
    if (target === null) {
      throw new InvalidInputError([
        { field: 'baseVersion', message: `proposal ${proposal.proposalId} has no version ${baseVersion}` },
      ]);
    }
    return target;
  }
  if (parent.proposalId !== proposal.proposalId) {
    throw new InvalidInputError([
      { field: 'parentAmendmentId', message: `amendment ${parent.amendmentId} does not amend this proposal` },
    ]);
  }
  if (baseVersion !== null && baseVersion !== parent.revision) {
    throw new AmendmentBaseOutdatedError(baseVersion, parent.revision);
  }
  return secondaryAmendmentTarget(proposal, parent);
}

/** A credentialed delegate proposes a primary or secondary amendment; its id comes from the command id. */
@CommandHandler(ProposeAmendmentCommand)
export class ProposeAmendmentHandler implements ICommandHandler<ProposeAmendmentCommand, AmendmentCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
  ) {}

  async execute(command: ProposeAmendmentCommand): Promise<AmendmentCommandResult> {
    const { accepted, memberId, proposalId, parentAmendmentId, baseVersion, operations } = command;
    const amendmentId = entityIdFor('amendment', accepted.commandId);
    const proposal = await loadProposal(this.runner, proposalId);
    const parent = parentAmendmentId === null ? null : await loadAmendment(this.runner, parentAmendmentId);
    const floor = await loadFloorConvention(this.runner, proposal.conventionId);
    const outcome = await this.runner.run(
      amendmentDecider,
      amendmentStream(amendmentId),
      accepted.envelope({
        type: 'ProposeAmendment',
        data: {
          amendmentId,
          author: await this.delegates.delegateFacts(floor, memberId),
          target: amendmentTarget(proposal, parent, baseVersion),
          operations: [...operations] as ClauseOperation[],
          phase: floor.phase,
          rules: floor.amendments,
          deadlines: { amendment: floor.deadlines.amendment },
          proposedAt: accepted.acceptedAt,
        },
      }),
    );
    return { amendmentId, outcome };
  }
}
