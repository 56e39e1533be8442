import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { KEY_VAULT } from '../../infrastructure/tokens';

export class ErasePersonalDataCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly erasedBy: 'member' | 'operator',
  ) {}
}

/**
 * Destroys the member's key, then records the erasure. The key goes first: once the member is
 * known to exist, the erasure takes effect even if the append fails, and a retry with the same
 * command id records it. Every sealed copy (events, read models, backups of both) is unreadable
 * from then on, while the log and its ledger hashes stay exactly as they were.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<
  ErasePersonalDataCommand,
  CommandOutcome<MemberEvent>
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  async execute({ accepted, memberId, erasedBy }: ErasePersonalDataCommand): Promise<CommandOutcome<MemberEvent>> {
    const erase = {
      type: 'ErasePersonalData' as const,
      data: { memberId, erasedBy, erasedAt: accepted.acceptedAt },
    };
    memberDecider.decide(erase, await this.runner.load(memberDecider, memberStream(memberId)));
    await this.vault.erase(memberId, new Date(accepted.acceptedAt));
    return this.runner.run(memberDecider, memberStream(memberId), accepted.envelope(erase));
  }
}
