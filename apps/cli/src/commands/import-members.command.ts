import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { DomainError, FieldProblem, InvalidInputError, isUuid, normalizeLine } from '../../../../libs/core/src';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';
import { DataDirectoryLock } from '../data-directory-lock';
import { CsvSyntaxError, parseCsv } from '../import-members/csv';
import {
  MEMBER_COLUMNS,
  MemberFileError,
  MemberRow,
  RowRejection,
  importCommandId,
  importCorrelationId,
  memberRows,
  reportCsv,
} from '../import-members/member-rows';
import { Progress } from '../progress';
import type { EnrollMemberResult } from '../../../api/src/membership/enroll-member/enroll-member.command';

type ChapterBy = 'auto' | 'id' | 'name';

interface ImportMembersOptions {
  readonly operator?: string;
  readonly report?: string;
  readonly importName?: string;
  readonly chapterBy?: ChapterBy;
  readonly acceptedCommitmentsVersion?: number;
  readonly progressEvery?: number;
  readonly dryRun?: boolean;
}

/** Enrolments in flight at once: the store commits concurrent appends together. */
const CONCURRENCY = 16;

/** What became of a row sent to the enrolment handler. */
type RowOutcome = { readonly kind: 'enrolled' | 'replayed' } | { readonly kind: 'rejected'; rejection: RowRejection };

function readMembersFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`import-members: cannot read ${file}: ${reason}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`import-members: ${file} is not UTF-8 text; save it as CSV UTF-8`);
  }
}

function rejectionOf(row: MemberRow, error: DomainError): RowRejection {
  const problems = error instanceof InvalidInputError ? error.problems : ([] as FieldProblem[]);
  const field = typeof error.details.field === 'string' ? error.details.field : (problems[0]?.field ?? null);
  return { row: row.row, line: row.line, pseudonym: row.pseudonym, code: error.code, field, message: error.message };
}

@Command({
  name: 'import-members',
  arguments: '<file>',
  description: `enrol the members a CSV file lists (header: ${MEMBER_COLUMNS.join(',')}; all but pseudonym optional) through the enrollMember handler, each row under a command id of its own, so a rerun enrols nobody twice; rejected rows go to a report. Exit 0 when every row is imported, 3 when some were rejected, 2 on bad arguments or an unreadable file`,
})
export class ImportMembersCommand extends CliCommand {
  async run([file]: string[], options: ImportMembersOptions): Promise<void> {
    if (options.operator === undefined || options.operator.trim() === '')
      throw new CliError('import-members: needs --operator <name>, the operator the enrolments are recorded under');
    const text = readMembersFile(file);
    let parsed: ReturnType<typeof memberRows>;
    try {
      parsed = memberRows(parseCsv(text));
    } catch (error) {
      if (error instanceof CsvSyntaxError || error instanceof MemberFileError)
        throw new CliError(`import-members: ${file}: ${error.message}`);
      throw error;
    }
    const importName = options.importName ?? basename(file);
    const reportPath = options.report ?? join(dirname(file), `${basename(file, extname(file))}.rejected.csv`);
    const chapterBy = options.chapterBy ?? 'auto';
    const config = cliConfig('import-members');
    // Shared, as a server holds it: the import writes the log as a server does, alongside any,
    // but never while a rebuild drops and refills the read models.
    const lock = DataDirectoryLock.shared(config.dataDir, 'import-members');
    // Loaded here: the store adapters and the handler's module graph are not needed for --help.
    const { openEventStore, openKeyVault } = await import('../../../api/src/infrastructure/infrastructure.module');
    const { CommandRunner } = await import('../../../../libs/event-store/src');
    const { acceptCommand } = await import('../../../api/src/commands/command-envelope');
    const { EnrollMemberCommand, EnrollMemberHandler } =
      await import('../../../api/src/membership/enroll-member/enroll-member.command');
    const { chapterNameScope, checkCommitments, nameClaimDecider, nameClaimStream } =
      await import('../../../../libs/membership/src');
    const { commitmentsDecider, commitmentsStream } = await import('../../../../libs/organization/src');
    const { KeyVault } = await import('../../../../libs/privacy/src');
    let scratch: string | undefined;
    try {
      let storeConfig = config;
      if (options.dryRun === true) {
        if (config.store.kind !== 'sqlite')
          throw new CliError('import-members: --dry-run needs the embedded SQLite store (PLENARY_STORE=sqlite)');
        // The real import, run on a snapshot of the log: its outcome is exactly what the real one's
        // would be (bar anything written meanwhile), and nothing of it reaches the real store or vault.
        scratch = mkdtempSync(join(tmpdir(), 'plenary-import-dry-run-'));
        const snapshot = join(scratch, 'events.sqlite');
        if (existsSync(config.store.path)) {
          const source = new Database(config.store.path, { readonly: true, fileMustExist: true });
          try {
            await source.backup(snapshot);
          } finally {
            source.close();
          }
        }
        storeConfig = { ...config, store: { kind: 'sqlite', path: snapshot } };
      }
      const store = openEventStore(storeConfig);
      let vault: Awaited<ReturnType<typeof openKeyVault>> | undefined;
      try {
        // A dry run seals with throwaway keys, so it cannot read contacts enrolled before to compare them.
        vault = scratch === undefined ? await openKeyVault(config) : KeyVault.open(join(scratch, 'keys.sqlite'));
        const keys = vault;
        const runner = new CommandRunner(store, { maxAppendBytes: config.maxAppendBytes });
        const handler = new EnrollMemberHandler(runner, keys, store);
        const acceptedVersion = options.acceptedCommitmentsVersion ?? null;
        // Checked once here rather than refused row by row: it is the operator's answer for every member.
        const commitments = await runner.load(commitmentsDecider, commitmentsStream());
        try {
          checkCommitments(acceptedVersion, commitments.status === 'published' ? commitments.version : null);
        } catch (error) {
          if (error instanceof DomainError)
            throw new CliError(`import-members: ${error.message} (--accepted-commitments-version <n>; ${error.code})`);
          throw error;
        }

        const claimOfChapterName = nameClaimDecider(chapterNameScope);
        const chapterIdOf = async (row: MemberRow): Promise<string | RowRejection | null> => {
          const chapter = row.chapter;
          if (chapter === null) return null;
          if (chapterBy === 'id' || (chapterBy === 'auto' && isUuid(chapter))) {
            if (isUuid(chapter)) return chapter.toLowerCase();
            return {
              ...rejectionBase(row),
              code: 'INVALID_INPUT',
              field: 'chapter',
              message: `chapter: "${chapter}" is not a chapter id (a UUID), as --chapter-by id asks`,
            };
          }
          // Chapter names are claimed on the log like pseudonyms: the claim names the chapter.
          const claim = await runner.load(claimOfChapterName, nameClaimStream(chapterNameScope, chapter));
          if (claim.status === 'claimed') return claim.ownerId;
          return {
            ...rejectionBase(row),
            code: 'CHAPTER_NOT_FOUND',
            field: 'chapter',
            message: `No chapter is named "${normalizeLine(chapter)}"; give an existing chapter's name or id`,
          };
        };

        const correlationId = importCorrelationId(importName);
        const actor = { kind: 'operator' as const, name: options.operator.trim() };
        const importRow = async (row: MemberRow): Promise<RowOutcome> => {
          const chapterId = await chapterIdOf(row);
          if (chapterId !== null && typeof chapterId !== 'string') return { kind: 'rejected', rejection: chapterId };
          const commandId = importCommandId(importName, row.pseudonym);
          const accepted = acceptCommand({ actor, authError: null, correlationId }, { commandId }, actor);
          let result: EnrollMemberResult;
          try {
            result = await handler.execute(
              new EnrollMemberCommand(accepted, row.pseudonym, row.region, acceptedVersion, row.contact, chapterId),
            );
          } catch (error) {
            if (error instanceof DomainError) return { kind: 'rejected', rejection: rejectionOf(row, error) };
            throw error;
          }
          if (!result.outcome.replayed) return { kind: 'enrolled' };
          // Enrolled by an earlier run of this import: the same, or the row has changed since.
          const differing: string[] = [];
          const enrolled = result.outcome.events.find((event) => event.type === 'MemberEnrolled');
          const joined = result.outcome.events.find((event) => event.type === 'MemberJoinedChapter');
          if (enrolled?.type === 'MemberEnrolled') {
            if (enrolled.data.pseudonym !== normalizeLine(row.pseudonym)) differing.push('pseudonym');
            const region = row.region === null ? null : normalizeLine(row.region);
            if (enrolled.data.region !== region) differing.push('region');
            if ((joined?.type === 'MemberJoinedChapter' ? joined.data.chapterId : null) !== chapterId)
              differing.push('chapter');
            const sealed = enrolled.data.contact ?? null;
            // An erased member's contact can no longer be read, nor compared; nor can a dry run's
            // throwaway keys read any contact enrolled before.
            if (scratch === undefined) {
              const stored = sealed === null ? '' : await keys.open(sealed);
              if (stored !== null && stored !== (row.contact?.trim() ?? '')) differing.push('contact');
            }
          }
          if (differing.length === 0) return { kind: 'replayed' };
          return {
            kind: 'rejected',
            rejection: {
              ...rejectionBase(row),
              code: 'IMPORTED_DIFFERENTLY',
              field: differing[0],
              message: `differs in ${differing.map((field) => (field === 'pseudonym' ? 'pseudonym (case or spacing)' : field)).join(', ')} from the member an earlier run of import "${importName}" enrolled under this pseudonym; the member keeps what was enrolled then (change it through the API)`,
            },
          };
        };

        const outcomes: RowOutcome[] = [];
        const every = options.progressEvery ?? 1000;
        const progress = new Progress('import-members', parsed.rows.length, process.stdout, 'rows');
        let next = 0;
        let done = 0;
        let failure: { error: unknown } | undefined;
        const work = async () => {
          while (failure === undefined && next < parsed.rows.length) {
            const row = parsed.rows[next];
            next += 1;
            try {
              outcomes.push(await importRow(row));
            } catch (error) {
              failure ??= { error };
              return;
            }
            done += 1;
            progress.update(done, 1, done % every === 0 || done === parsed.rows.length);
          }
        };
        try {
          await Promise.all(Array.from({ length: CONCURRENCY }, work));
        } finally {
          progress.stop();
        }
        if (failure !== undefined) throw failure.error;

        const rejections = [
          ...parsed.rejections,
          ...outcomes.flatMap((outcome) => (outcome.kind === 'rejected' ? [outcome.rejection] : [])),
        ];
        // Written whole or not at all, and always: a report left by an earlier run must not stand for this one.
        writeFileSync(`${reportPath}.partial`, reportCsv(rejections));
        renameSync(`${reportPath}.partial`, reportPath);
        const enrolledNow = outcomes.filter((outcome) => outcome.kind === 'enrolled').length;
        const replayed = outcomes.filter((outcome) => outcome.kind === 'replayed').length;
        const total = parsed.rows.length + parsed.rejections.length;
        process.stdout.write(
          scratch === undefined
            ? `imported ${enrolledNow + replayed} of ${total} rows of ${file} as import "${importName}": ${enrolledNow} enrolled now, ${replayed} already enrolled by an earlier run; ${rejections.length} rejected (report: ${reportPath})\n`
            : `dry run, nothing written: would import ${enrolledNow + replayed} of ${total} rows of ${file} as import "${importName}": ${enrolledNow} to enrol, ${replayed} already enrolled by an earlier run; ${rejections.length} would be rejected (report: ${reportPath})\n`,
        );
        if (rejections.length > 0)
          throw new CliError(
            `import-members: ${rejections.length} of ${total} rows ${scratch === undefined ? 'rejected' : 'would be rejected'}; their reasons are in ${reportPath}`,
            3,
          );
      } finally {
        await vault?.close();
        await store.close();
      }
    } finally {
      lock.release();
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    }
  }

  @Option({
    flags: '--dry-run',
    description:
      'run the import on a snapshot of the log and write only the report: what would be enrolled and rejected (SQLite store only)',
  })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--operator <name>', description: 'the operator the enrolments are recorded under (required)' })
  parseOperator(value: string): string {
    return value;
  }

  @Option({
    flags: '--report <path>',
    description: 'where to write the rejected rows as CSV (default: <file name>.rejected.csv beside the file)',
  })
  parseReport(value: string): string {
    return value;
  }

  @Option({
    flags: '--import-name <name>',
    description:
      "names the import (default: the file's name); a rerun under the same name replays what was enrolled, so nobody is enrolled twice",
  })
  parseImportName(value: string): string {
    if (value.trim() === '') throw new CliError('import-members: --import-name needs a name');
    return value;
  }

  @Option({
    flags: '--chapter-by <how>',
    description:
      'how the chapter column names chapters: id, name, or auto (a UUID is an id, anything else a name; the default)',
  })
  parseChapterBy(value: string): ChapterBy {
    if (value !== 'auto' && value !== 'id' && value !== 'name')
      throw new CliError(`import-members: --chapter-by takes id, name or auto, not "${value}"`);
    return value;
  }

  @Option({
    flags: '--accepted-commitments-version <n>',
    description:
      'the version of the commitments the members accepted; required, and must be the current one, once commitments are published',
  })
  parseAcceptedCommitmentsVersion(value: string): number {
    const version = Number(value);
    if (!Number.isInteger(version) || version < 1)
      throw new CliError(`import-members: --accepted-commitments-version needs a whole number from 1, not "${value}"`);
    return version;
  }

  @Option({
    flags: '--progress-every <rows>',
    description: 'rows per progress line when standard output is not a terminal (default 1000)',
  })
  parseProgressEvery(value: string): number {
    const rows = Number(value);
    if (!Number.isInteger(rows) || rows < 1)
      throw new CliError(`import-members: --progress-every needs a whole number of rows from 1, not "${value}"`);
    return rows;
  }
}

function rejectionBase(row: MemberRow): Pick<RowRejection, 'row' | 'line' | 'pseudonym'> {
  return { row: row.row, line: row.line, pseudonym: row.pseudonym };
}
