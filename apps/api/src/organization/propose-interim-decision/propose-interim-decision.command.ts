import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  CommitteeActor,
  InterimDecisionEvent,
  InterimRules,
  ProposeInterimDecision,
  interimDecisionDecider,
  interimDecisionStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { requireSittingCommitteeMember } from '../committee-authority';
import { loadInterimRules } from '../interim-rules';

export class ProposeInterimDecisionCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly kind: string,
    readonly title: string,
    readonly text: string,
    readonly deadline: string,
    readonly interimRules: InterimRules | null = null,
  ) {}
}

export interface ProposeInterimDecisionResult {
  readonly decisionId: string;
  readonly outcome: CommandOutcome<InterimDecisionEvent>;
}

/**
 * Puts a decision to the committee. The handler snapshots the sitting members, who alone may
 * vote on it, and the interim rules in force, so later changes of either never move the goalposts.
 */
@CommandHandler(ProposeInterimDecisionCommand)
export class ProposeInterimDecisionHandler implements ICommandHandler<
  ProposeInterimDecisionCommand,
  ProposeInterimDecisionResult
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    actor,
    kind,
    title,
    text,
    deadline,
    interimRules,
  }: ProposeInterimDecisionCommand): Promise<ProposeInterimDecisionResult> {
    const { memberId, committee } = await requireSittingCommitteeMember(this.runner, actor);
    const rules = await loadInterimRules(this.runner);
    const decisionId = entityIdFor('interim-decision', accepted.commandId);
    const propose: ProposeInterimDecision = {
      type: 'ProposeInterimDecision',
      data: {
        decisionId,
        kind,
        title,
        text,
        proposedBy: memberId,
        committee: [...committee],
        rules: rules.decisions,
        interimRules,
        deadline,
        proposedAt: accepted.acceptedAt,
      },
    };
    const outcome = await this.runner.run(
      interimDecisionDecider,
      interimDecisionStream(decisionId),
      accepted.envelope(propose),
    );
    return { decisionId, outcome };
  }
}
