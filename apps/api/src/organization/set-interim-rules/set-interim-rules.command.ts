import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  CommitteeActor,
  InterimDecisionNotFoundError,
  InterimRules,
  InterimRulesAuthority,
  InterimRulesEvent,
  committeeDecider,
  committeeStream,
  interimDecisionDecider,
  interimDecisionStream,
  interimRulesDecider,
  interimRulesStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { requireCommitteeAuthority } from '../committee-authority';

export class SetInterimRulesCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly rules: InterimRules,
    readonly authorizedByDecisionId: string | null,
  ) {}
}

/**
 * Sets the interim rules. Before anyone sits on the committee the operator sets them as part of
 * the setup; afterwards a sitting member applies an adopted interim decision of kind
 * `interim-rules`, and only the very rules that decision proposed, so no single member can
 * loosen the rules the committee decides by.
 */
@CommandHandler(SetInterimRulesCommand)
export class SetInterimRulesHandler implements ICommandHandler<
  SetInterimRulesCommand,
  CommandOutcome<InterimRulesEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    actor,
    rules,
    authorizedByDecisionId,
  }: SetInterimRulesCommand): Promise<CommandOutcome<InterimRulesEvent>> {
    await requireCommitteeAuthority(this.runner, actor);
    const committee = await this.runner.load(committeeDecider, committeeStream());
    let authority: InterimRulesAuthority;
    if (committee.members.length === 0) {
      if (authorizedByDecisionId !== null) {
        throw new InvalidInputError([
          {
            field: 'authorizedByDecisionId',
            message: 'No decision can authorize this before the committee sits; leave it out',
          },
        ]);
      }
      authority = { kind: 'setup' };
    } else {
      if (authorizedByDecisionId === null) {
        throw new InvalidInputError([
          {
            field: 'authorizedByDecisionId',
            message:
              'Once the committee sits, name the adopted interim decision of kind "interim-rules" that makes this change',
          },
        ]);
      }
      const decision = await this.runner.load(interimDecisionDecider, interimDecisionStream(authorizedByDecisionId));
      if (decision.status === 'unknown') throw new InterimDecisionNotFoundError(authorizedByDecisionId);
      authority = {
        kind: 'interim-decision',
        decisionId: authorizedByDecisionId,
        decisionKind: decision.kind,
        adopted: decision.status === 'adopted',
        decisionRules: decision.interimRules ?? null,
      };
    }
    return this.runner.run(
      interimRulesDecider,
      interimRulesStream(),
      accepted.envelope({ type: 'SetInterimRules', data: { rules, authority, setAt: accepted.acceptedAt } }),
    );
  }
}
