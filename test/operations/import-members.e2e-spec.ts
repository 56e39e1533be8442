import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealedValue, entityIdFor } from '../../libs/core/src';
import { RecordedEvent, SqliteEventStore } from '../../libs/event-store/src';
import { KeyVault } from '../../libs/privacy/src';
import { makeTempDir } from '../../libs/testing/src';
import { DataDirectoryLock } from '../../apps/cli/src/data-directory-lock';
import { importCommandId } from '../../apps/cli/src/import-members/member-rows';
import { TestApp } from '../support/test-app';
import { ROOT, ServerProcess, runCli } from './server-process';

const CONTACT = 'ada@example.org, or ring\nthe bell';

/** Every event of the store in the data directory, in log order. */
async function allEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  try {
    return await store.readAll({ after: 0n, maxCount: 1_000_000 });
  } finally {
    await store.close();
  }
}

/** How many times each pseudonym was enrolled, and how many times claimed. */
function enrolmentCounts(events: readonly RecordedEvent[]): {
  enrolled: Map<string, number>;
  claimed: Map<string, number>;
} {
  const enrolled = new Map<string, number>();
  const claimed = new Map<string, number>();
  for (const event of events) {
    const data = event.data as { pseudonym?: string; name?: string; scope?: string };
    if (event.type === 'MemberEnrolled') enrolled.set(data.pseudonym!, (enrolled.get(data.pseudonym!) ?? 0) + 1);
    if (event.type === 'NameClaimed' && data.scope === 'PseudonymClaim')
      claimed.set(data.name!, (claimed.get(data.name!) ?? 0) + 1);
  }
  return { enrolled, claimed };
}

describe('plenary import-members, as a process', () => {
  it('enrols the good rows through the enrolment handler, reports the others with their reasons, and a rerun enrols nobody twice', async () => {
    const dir = makeTempDir('plenary-import-');
    const dataDir = join(dir.path, 'data');
    const env = { PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'warn' };
    try {
      const app = await TestApp.start({ PLENARY_DATA_DIR: dataDir }, { chapterFoundersMinimum: 2 });
      const founder = await app.enroll('Chapter Founder');
      const { chapterId } = await app.foundChapter(founder.token, 'Riverside Readers', 'Lyon');
      await app.enroll('Taken Name');
      await app.stop();
      const before = await allEvents(dataDir);

      const file = join(dir.path, 'members.csv');
      // A spreadsheet's export: byte order mark, CRLF, a quoted contact holding a comma and a line break.
      writeFileSync(
        file,
        '\uFEFFpseudonym,region,chapter,contact\r\n' +
          `Ada Lovelace,London,Riverside Readers,"${CONTACT}"\r\n` +
          `Grace Hopper,,${chapterId.toUpperCase()},grace@example.org\r\n` +
          'Alan Turing,,,\r\n' +
          'taken name,,,\r\n' +
          'ada  LOVELACE,Paris,,\r\n' +
          'X,,,\r\n' +
          'Linus,,Nowhere,\r\n' +
          'Too,Many,Fields,here,really\r\n',
      );
      const args = ['import-members', file, '--operator', 'alice'];
      const reportPath = join(dir.path, 'members.rejected.csv');
      // A dry run writes nothing but the report, and predicts the real run's exactly.
      const dryRun = await runCli([...args, '--dry-run'], env);
      expect(dryRun.code).toBe(3);
      expect(dryRun.stdout.trim().split('\n').at(-1)).toBe(
        `dry run, nothing written: would import 3 of 8 rows of ${file} as import "members.csv": 3 to enrol, 0 already enrolled by an earlier run; 5 would be rejected (report: ${reportPath})`,
      );
      expect(dryRun.stderr).toBe(`import-members: 5 of 8 rows would be rejected; their reasons are in ${reportPath}\n`);
      const predicted = readFileSync(reportPath, 'utf8');
      expect(await allEvents(dataDir)).toHaveLength(before.length);
      const adaId = entityIdFor('member', importCommandId('members.csv', 'Ada Lovelace'));
      const realVault = KeyVault.open(join(dataDir, 'keys.sqlite'));
      try {
        expect(await realVault.status(adaId)).toBe('none');
      } finally {
        await realVault.close();
      }

      const first = await runCli(args, env);
      expect(first.code).toBe(3);
      expect(first.stdout).toMatch(/^import-members: 5\/5 \(100%\), \d+ rows\/s, ETA 0 s$/m);
      expect(first.stdout.trim().split('\n').at(-1)).toBe(
        `imported 3 of 8 rows of ${file} as import "members.csv": 3 enrolled now, 0 already enrolled by an earlier run; 5 rejected (report: ${reportPath})`,
      );
      expect(first.stderr).toBe(`import-members: 5 of 8 rows rejected; their reasons are in ${reportPath}\n`);
      const report = readFileSync(reportPath, 'utf8');
      expect(report).toBe(
        [
          'row,line,pseudonym,code,field,message',
          '5,6,taken name,PSEUDONYM_TAKEN,pseudonym,"The pseudonym ""Taken Name"" is already taken; choose another"',
          '6,7,ada  LOVELACE,DUPLICATE_IN_FILE,pseudonym,"row 2 already has the pseudonym ""Ada Lovelace"" (pseudonyms are compared ignoring case and spacing)"',
          '7,8,X,INVALID_INPUT,pseudonym,pseudonym: A pseudonym must have at least 3 characters',
          `8,9,Linus,CHAPTER_NOT_FOUND,chapter,"No chapter is named ""Nowhere""; give an existing chapter's name or id"`,
          '9,10,Too,CSV_FIELD_COUNT,,has 5 fields where the header has 4; quote a field that holds a comma',
          '',
        ].join('\n'),
      );

      expect(report).toBe(predicted);

      const after = await allEvents(dataDir);
      const added = after.slice(before.length);
      const enrolled = added.filter((event) => event.type === 'MemberEnrolled');
      expect(enrolled.map((event) => (event.data as { pseudonym: string }).pseudonym)).toEqual(
        expect.arrayContaining(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']),
      );
      expect(enrolled).toHaveLength(3);
      // Recorded as the operator's, all under the import's one correlation id.
      expect(new Set(added.map((event) => JSON.stringify(event.metadata.actor)))).toEqual(
        new Set([JSON.stringify({ kind: 'operator', name: 'alice' })]),
      );
      expect(new Set(added.map((event) => event.metadata.correlationId)).size).toBe(1);
      const ada = enrolled.find((event) => (event.data as { pseudonym: string }).pseudonym === 'Ada Lovelace')!;
      const adaData = ada.data as { memberId: string; region: string; contact: SealedValue };
      expect(adaData.region).toBe('London');
      const joined = added.filter((event) => event.type === 'MemberJoinedChapter');
      expect(joined.map((event) => (event.data as { chapterId: string }).chapterId)).toEqual([chapterId, chapterId]);
      // The contact details were sealed under Ada's key, as the enrollMember mutation seals them,
      // and appear in plain text nowhere: not in the log, the output or the report.
      const vault = KeyVault.open(join(dataDir, 'keys.sqlite'));
      try {
        expect(adaData.memberId).toBe(adaId);
        expect(adaData.contact.keyId).toBe(adaData.memberId);
        expect(await vault.open(adaData.contact)).toBe(CONTACT);
      } finally {
        await vault.close();
      }
      const logged = JSON.stringify(after.map((event) => ({ data: event.data, metadata: event.metadata })));
      for (const text of [logged, first.stdout, first.stderr, report]) expect(text).not.toContain('ada@example.org');
      for (const file of ['events.sqlite', 'events.sqlite-wal'].filter((name) => existsSync(join(dataDir, name))))
        expect(readFileSync(join(dataDir, file)).includes('grace@example.org')).toBe(false);

      // A rerun (after a crash, or just again) replays every enrolment and refuses the same rows.
      const again = await runCli(args, env);
      expect(again.code).toBe(3);
      expect(again.stdout).toContain(
        `imported 3 of 8 rows of ${file} as import "members.csv": 0 enrolled now, 3 already enrolled by an earlier run; 5 rejected`,
      );
      expect(readFileSync(reportPath, 'utf8')).toBe(report);
      expect(await allEvents(dataDir)).toHaveLength(after.length);

      // The operator corrects the file (and, by mistake, changes a row already imported) and
      // reruns it under the same import name: only the corrected rows are enrolled.
      const corrected = join(dir.path, 'members-corrected.csv');
      writeFileSync(
        corrected,
        'pseudonym,region,chapter,contact\n' +
          `Ada Lovelace,London,Riverside Readers,"${CONTACT}"\n` +
          `grace hopper,,${chapterId},grace@example.org\n` +
          'Alan Turing,Manchester,,\n' +
          'Xavier,,,\n' +
          'Linus,,riverside  readers,\n',
      );
      const fixed = await runCli(
        ['import-members', corrected, '--operator', 'alice', '--import-name', 'members.csv', '--report', reportPath],
        env,
      );
      expect(fixed.code).toBe(3);
      expect(fixed.stdout).toContain('3 of 5 rows of');
      expect(fixed.stdout).toContain('2 enrolled now, 1 already enrolled by an earlier run; 2 rejected');
      expect(readFileSync(reportPath, 'utf8')).toBe(
        'row,line,pseudonym,code,field,message\n' +
          '3,4,grace hopper,IMPORTED_DIFFERENTLY,pseudonym,"differs in pseudonym (case or spacing) from the member an earlier run of import ""members.csv"" enrolled under this pseudonym; the member keeps what was enrolled then (change it through the API)"\n' +
          '4,5,Alan Turing,IMPORTED_DIFFERENTLY,region,"differs in region from the member an earlier run of import ""members.csv"" enrolled under this pseudonym; the member keeps what was enrolled then (change it through the API)"\n',
      );
      const { enrolled: counts, claimed } = enrolmentCounts(await allEvents(dataDir));
      for (const pseudonym of ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Xavier', 'Linus', 'Taken Name']) {
        expect([pseudonym, counts.get(pseudonym)]).toEqual([pseudonym, 1]);
        expect([pseudonym, claimed.get(pseudonym)]).toEqual([pseudonym, 1]);
      }

      // A file with nothing to refuse exits 0.
      const clean = join(dir.path, 'clean.csv');
      writeFileSync(clean, 'pseudonym\nMargaret Hamilton\n');
      const cleanRun = await runCli(['import-members', clean, '--operator', 'alice'], env);
      expect(cleanRun).toMatchObject({ code: 0, stderr: '' });
      expect(readFileSync(join(dir.path, 'clean.rejected.csv'), 'utf8')).toBe(
        'row,line,pseudonym,code,field,message\n',
      );
    } finally {
      dir.remove();
    }
  }, 300_000);

  it('refuses bad arguments and unreadable files with exit code 2 in one line, and waits out a rebuild', async () => {
    const dir = makeTempDir('plenary-import-');
    const dataDir = join(dir.path, 'data');
    const env = { PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'warn' };
    try {
      const good = join(dir.path, 'good.csv');
      writeFileSync(good, 'pseudonym\nAda Lovelace\n');
      const unknownColumn = join(dir.path, 'columns.csv');
      writeFileSync(unknownColumn, 'pseudonym,contacts\nAda,a@example.org\n');
      const unclosed = join(dir.path, 'unclosed.csv');
      writeFileSync(unclosed, 'pseudonym,contact\nAda,"a@example.org\n');
      const latin1 = join(dir.path, 'latin1.csv');
      writeFileSync(latin1, Buffer.from('pseudonym\nZo\xeb\n', 'latin1'));
      const missing = join(dir.path, 'missing.csv');
      const cases: Array<[string[], string]> = [
        [['import-members'], "plenary: missing required argument 'file' (plenary <command> --help)\n"],
        [
          ['import-members', good],
          'import-members: needs --operator <name>, the operator the enrolments are recorded under\n',
        ],
        [['import-members', missing, '--operator', 'alice'], `import-members: cannot read ${missing}: no such file\n`],
        [
          ['import-members', unknownColumn, '--operator', 'alice'],
          `import-members: ${unknownColumn}: the header names a column "contacts", which is not one of pseudonym, region, chapter, contact\n`,
        ],
        [
          ['import-members', unclosed, '--operator', 'alice'],
          `import-members: ${unclosed}: line 2: a quoted field is never closed\n`,
        ],
        [
          ['import-members', latin1, '--operator', 'alice'],
          `import-members: ${latin1} is not UTF-8 text; save it as CSV UTF-8\n`,
        ],
        [
          ['import-members', good, '--operator', 'alice', '--chapter-by', 'title'],
          'import-members: --chapter-by takes id, name or auto, not "title"\n',
        ],
      ];
      // Two at a time: the machines have two cores.
      for (let index = 0; index < cases.length; index += 2) {
        const pair = cases.slice(index, index + 2);
        const results = await Promise.all(pair.map(([args]) => runCli(args, env)));
        pair.forEach(([args, stderr], at) =>
          expect({ args, code: results[at].code, stderr: results[at].stderr }).toEqual({ args, code: 2, stderr }),
        );
      }

      const help = await runCli(['import-members', '--help'], env);
      expect(help.code).toBe(0);
      for (const option of [
        '--operator',
        '--report',
        '--import-name',
        '--chapter-by',
        '--accepted-commitments-version',
      ])
        expect(help.stdout).toContain(option);

      const rebuild = DataDirectoryLock.exclusive(dataDir, 'rebuild');
      try {
        const refused = await runCli(['import-members', good, '--operator', 'alice'], env);
        expect(refused).toMatchObject({
          code: 1,
          stderr: `import-members: a rebuild holds the data directory ${dataDir}; wait for it to finish, then try again\n`,
        });
      } finally {
        rebuild.release();
      }
      expect((await allEvents(dataDir)).length).toBe(0);
    } finally {
      dir.remove();
    }
  }, 300_000);

  it('once commitments are published, needs the version the members accepted, and runs beside a server', async () => {
    const dir = makeTempDir('plenary-import-');
    const dataDir = join(dir.path, 'data');
    const env = { PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'warn' };
    let server: ServerProcess | undefined;
    try {
      const app = await TestApp.start({ PLENARY_DATA_DIR: dataDir });
      const published = await app.gql(
        `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`,
        { input: { principles: ['Solidarity'] } },
        { token: await app.operatorToken() },
      );
      expect(published.data).toEqual({ publishCommitments: { version: 1 } });
      await app.stop();
      const file = join(dir.path, 'members.csv');
      writeFileSync(file, 'pseudonym\nAda Lovelace\n');

      const [unstated, outdated] = await Promise.all([
        runCli(['import-members', file, '--operator', 'alice'], env),
        runCli(['import-members', file, '--operator', 'alice', '--accepted-commitments-version', '2'], env),
      ]);
      expect(unstated).toMatchObject({
        code: 2,
        stderr:
          'import-members: Enrolment needs acceptance of the commitments: accept version 1, the current one (--accepted-commitments-version <n>; COMMITMENTS_NOT_ACCEPTED)\n',
      });
      expect(outdated).toMatchObject({
        code: 2,
        stderr:
          'import-members: Version 2 of the commitments does not exist; the current one is 1 (--accepted-commitments-version <n>; COMMITMENTS_VERSION_UNKNOWN)\n',
      });

      // A server holds the data directory's lock shared, as the import does.
      server = await ServerProcess.start({ ...env, PLENARY_LOG_LEVEL: 'info' });
      const imported = await runCli(
        ['import-members', file, '--operator', 'alice', '--accepted-commitments-version', '1'],
        env,
      );
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      const enrolled = (await allEvents(dataDir)).filter((event) => event.type === 'MemberEnrolled');
      expect(enrolled.map((event) => event.data)).toEqual([
        expect.objectContaining({ pseudonym: 'Ada Lovelace', acceptedCommitmentsVersion: 1 }),
      ]);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server?.kill();
      dir.remove();
    }
  }, 300_000);

  it('killed with SIGKILL in the middle of a larger import, enrols every row exactly once when run again', async () => {
    const dir = makeTempDir('plenary-import-');
    const dataDir = join(dir.path, 'data');
    const env = { PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'warn' };
    const rows = 1500;
    try {
      const file = join(dir.path, 'many.csv');
      writeFileSync(
        file,
        `pseudonym,region,contact\n${Array.from({ length: rows }, (_, index) => `Member ${index},Region ${index % 7},m${index}@example.org\n`).join('')}`,
      );
      const args = ['import-members', file, '--operator', 'alice', '--progress-every', '100'];
      const killed = await new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.js'), 'apps/cli/src/main.ts', ...args], {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: '', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          // Killed after its first hundred rows, with more in flight.
          if (/^import-members: \d+\/1500/m.test(stdout)) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) => resolve({ signal, stdout }));
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout).not.toContain('imported');
      const partial = enrolmentCounts(await allEvents(dataDir));
      expect(partial.enrolled.size).toBeGreaterThanOrEqual(100);
      expect(partial.enrolled.size).toBeLessThan(rows);

      const resumed = await runCli(args, env);
      expect(resumed.code).toBe(0);
      const summary = /(\d+) enrolled now, (\d+) already enrolled by an earlier run; 0 rejected/.exec(resumed.stdout);
      expect(summary).not.toBeNull();
      expect(Number(summary![1]) + Number(summary![2])).toBe(rows);
      expect(Number(summary![2])).toBeGreaterThanOrEqual(partial.enrolled.size);

      const { enrolled, claimed } = enrolmentCounts(await allEvents(dataDir));
      expect(enrolled.size).toBe(rows);
      expect(claimed.size).toBe(rows);
      expect([...enrolled.values()].every((count) => count === 1)).toBe(true);
      expect([...claimed.values()].every((count) => count === 1)).toBe(true);
    } finally {
      dir.remove();
    }
  }, 300_000);
});
