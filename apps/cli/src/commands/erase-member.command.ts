import { randomUUID } from 'node:crypto';
import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { DomainError, isUuid } from '../../../../libs/core/src';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';

interface EraseOptions {
  readonly member?: string;
  readonly operator?: string;
  readonly commandId?: string;
}

@Command({
  name: 'erase-member',
  description:
    "erase a member's personal data for good (destroys their key), recorded as done by the named operator; the same handler as the erasePersonalData mutation",
})
export class EraseMemberCommand extends CliCommand {
  async run(_params: string[], options: EraseOptions): Promise<void> {
    if (options.member === undefined || !isUuid(options.member))
      throw new CliError('erase-member: needs --member <id> (a member id, a UUID)');
    if (options.operator === undefined || options.operator.trim() === '')
      throw new CliError('erase-member: needs --operator <name>, the operator the erasure is recorded under');
    const config = cliConfig('erase-member');
    const { openEventStore, openKeyVault } = await import('../../../api/src/infrastructure/infrastructure.module');
    const { CommandRunner } = await import('../../../../libs/event-store/src');
    const { acceptCommand } = await import('../../../api/src/commands/command-envelope');
    const { ErasePersonalDataCommand, ErasePersonalDataHandler } =
      await import('../../../api/src/membership/erase-personal-data/erase-personal-data.command');
    const store = openEventStore(config);
    const vault = await openKeyVault(config);
    try {
      const commandId = options.commandId ?? randomUUID();
      const accepted = acceptCommand(
        { actor: null, authError: null, correlationId: commandId },
        { commandId },
        { kind: 'operator', name: options.operator },
      );
      const handler = new ErasePersonalDataHandler(new CommandRunner(store), vault);
      const outcome = await handler.execute(
        new ErasePersonalDataCommand(accepted, options.member.toLowerCase(), 'operator'),
      );
      process.stdout.write(
        `erased the personal data of member ${options.member} at position ${outcome.position}${outcome.replayed ? ' (already recorded by this command id)' : ''}; command id ${commandId}\n`,
      );
    } catch (error) {
      if (error instanceof DomainError) throw new CliError(`erase-member: ${error.message} (${error.code})`, 1);
      throw error;
    } finally {
      await vault.close();
      await store.close();
    }
  }

  @Option({ flags: '--member <id>', description: 'the member whose personal data to erase' })
  parseMember(value: string): string {
    return value;
  }

  @Option({ flags: '--operator <name>', description: 'the operator the erasure is recorded under' })
  parseOperator(value: string): string {
    return value;
  }

  @Option({ flags: '--command-id <uuid>', description: 'command id, to retry an erasure idempotently' })
  parseCommandId(value: string): string {
    if (!isUuid(value)) throw new CliError(`erase-member: --command-id needs a UUID, not "${value}"`);
    return value;
  }
}
