import { Injectable, Module } from '@nestjs/common';
import type { Command } from 'commander';
import { InjectCommander } from 'nest-commander';
import { CheckStoreCommand } from './commands/check-store.command';
import { EraseMemberCommand } from './commands/erase-member.command';
import { ExportCommand } from './commands/export.command';
import { ImportMembersCommand } from './commands/import-members.command';
import { MigrateCommand } from './commands/migrate.command';
import { RebuildCommand } from './commands/rebuild.command';
import { ServeCommand } from './commands/serve.command';
import { TokenCommand } from './commands/token.command';
import { VerifyCommand } from './commands/verify.command';

/** The commander program nest-commander builds, for the settings it offers no option for. */
@Injectable()
export class CliProgram {
  constructor(@InjectCommander() readonly program: Command) {}
}

/** The operator commands; each opens only what it needs (no command starts the API but `serve`). */
@Module({
  providers: [
    CliProgram,
    ServeCommand,
    RebuildCommand,
    VerifyCommand,
    TokenCommand,
    EraseMemberCommand,
    MigrateCommand,
    CheckStoreCommand,
    ExportCommand,
    ImportMembersCommand,
  ],
})
export class CliModule {}
