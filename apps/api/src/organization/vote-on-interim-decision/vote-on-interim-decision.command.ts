import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  InterimDecisionEvent,
  InterimVote,
  interimDecisionDecider,
  interimDecisionStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class VoteOnInterimDecisionCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly decisionId: string,
    readonly vote: InterimVote,
  ) {}
}

/** Records a member's vote; the decider checks the member was on the committee at proposal time. */
@CommandHandler(VoteOnInterimDecisionCommand)
export class VoteOnInterimDecisionHandler implements ICommandHandler<
  VoteOnInterimDecisionCommand,
  CommandOutcome<InterimDecisionEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    memberId,
    decisionId,
    vote,
  }: VoteOnInterimDecisionCommand): Promise<CommandOutcome<InterimDecisionEvent>> {
    return this.runner.run(
      interimDecisionDecider,
      interimDecisionStream(decisionId),
      accepted.envelope({
        type: 'VoteOnInterimDecision',
        data: { decisionId, memberId, vote, votedAt: accepted.acceptedAt },
      }),
    );
  }
}
