import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  BodySeats,
  ProposalEvent,
  ProposalKind,
  ProposalMotion,
  proposalDecider,
  proposalStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorDelegates, loadFloorConvention } from '../floor-facts';

/** What the proposal changes if adopted, as the client gave it; ids of new things come from the command id. */
export interface MotionDetails {
  readonly ruleId: string | null;
  readonly ruleVersion: number | null;
  readonly bodyName: string | null;
  readonly composition: readonly BodySeats[] | null;
}

export class SubmitProposalCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly conventionId: string,
    readonly kind: ProposalKind,
    readonly title: string,
    readonly subject: string | null,
    readonly clauses: readonly string[],
    readonly details: MotionDetails,
  ) {}
}

export interface ProposalCommandResult {
  readonly proposalId: string;
  readonly outcome: CommandOutcome<ProposalEvent>;
}

function motionOf(kind: ProposalKind, title: string, details: MotionDetails, commandId: string): ProposalMotion {
  const existingRule = (): { ruleId: string; ruleVersion: number } => {
    if (details.ruleId === null || details.ruleVersion === null) {
      throw new InvalidInputError([
        { field: 'ruleId', message: 'an amendment or repeal names the rule and the version it was drafted on' },
      ]);
    }
    return { ruleId: details.ruleId, ruleVersion: details.ruleVersion };
  };
  switch (kind) {
    case 'adopt-rule':
      return { kind, ruleId: entityIdFor('rule', commandId) };
    case 'amend-rule':
    case 'repeal-rule':
      return { kind, ...existingRule() };
    case 'create-body':
      return {
        kind,
        bodyId: entityIdFor('body', commandId),
        name: details.bodyName ?? title,
        composition: (details.composition ?? []).map(({ role, seats }) => ({ role, seats })),
      };
    case 'adopt-commitment':
      return { kind, commitmentId: entityIdFor('commitment', commandId) };
    case 'adopt-campaign':
      return { kind, campaignId: entityIdFor('campaign', commandId) };
    case 'resolution':
      return { kind };
  }
}

/** A credentialed delegate of the running convention submits a proposal; its id comes from the command id. */
@CommandHandler(SubmitProposalCommand)
export class SubmitProposalHandler implements ICommandHandler<SubmitProposalCommand, ProposalCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
  ) {}

  async execute(command: SubmitProposalCommand): Promise<ProposalCommandResult> {
    const { accepted, memberId, conventionId, kind, title, subject, clauses, details } = command;
    const proposalId = entityIdFor('proposal', accepted.commandId);
    const floor = await loadFloorConvention(this.runner, conventionId);
    const outcome = await this.runner.run(
      proposalDecider,
      proposalStream(proposalId),
      accepted.envelope({
        type: 'SubmitProposal',
        data: {
          proposalId,
          conventionId,
          motion: motionOf(kind, title, details, accepted.commandId),
          title,
          subject: subject ?? title,
          clauses: [...clauses] as string[],
          sponsor: await this.delegates.delegateFacts(floor, memberId),
          phase: floor.phase,
          rules: floor.submission,
          deadlines: { proposalSubmission: floor.deadlines.proposalSubmission },
          submittedAt: accepted.acceptedAt,
        },
      }),
    );
    return { proposalId, outcome };
  }
}
