import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { isUuid } from '../../../../libs/core/src';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';

interface TokenOptions {
  readonly member?: string;
  readonly operator?: string;
}

@Command({ name: 'token', description: 'print a development bearer token for a member or an operator' })
export class TokenCommand extends CliCommand {
  async run(_params: string[], options: TokenOptions): Promise<void> {
    if ((options.member === undefined) === (options.operator === undefined))
      throw new CliError('token: give exactly one of --member <id> or --operator <name>');
    if (options.member !== undefined && !isUuid(options.member))
      throw new CliError(`token: --member needs a member id (a UUID), not "${options.member}"`);
    const { TokenService } = await import('../../../api/src/auth/token.service');
    const tokens = new TokenService(cliConfig('token'), null);
    const issued = await tokens.issueDevToken(
      options.member !== undefined
        ? { kind: 'member', memberId: options.member }
        : { kind: 'operator', name: options.operator! },
    );
    process.stdout.write(`${issued.token}\n`);
  }

  @Option({ flags: '--member <id>', description: 'the member id (a UUID) the token speaks for' })
  parseMember(value: string): string {
    return value;
  }

  @Option({ flags: '--operator <name>', description: "an operator's name" })
  parseOperator(value: string): string {
    return value;
  }
}
