import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { entityIdFor } from '../../libs/core/src';
import { CommandRunner, SqliteEventStore } from '../../libs/event-store/src';
import { memberDecider, memberStream } from '../../libs/membership/src';
import { makeTempDir, testMetadata } from '../../libs/testing/src';
import { KeyVault } from '../../libs/privacy/src';
import { TestApp } from '../support/test-app';
import { ROOT, ServerProcess, runCli } from './server-process';

const COMMANDS = [
  'serve',
  'rebuild',
  'verify',
  'export',
  'token',
  'erase-member',
  'migrate',
  'check-store',
  'import-members',
];

/** Enrols `members` members straight through the command runner (appends grouped per turn). */
async function writeMembers(path: string, members: number): Promise<void> {
  const store = SqliteEventStore.open({ path });
  const runner = new CommandRunner(store);
  try {
    for (let start = 0; start < members; start += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, members - start) }, (_, offset) => {
          const memberId = entityIdFor('member', `cli-${start + offset}`);
          return runner.run(memberDecider, memberStream(memberId), {
            command: {
              type: 'EnrollMember',
              data: {
                memberId,
                pseudonym: `Member ${start + offset}`,
                region: null,
                acceptedCommitmentsVersion: null,
                currentCommitmentsVersion: null,
                enrolledAt: '2026-02-01T09:00:00.000Z',
              },
            },
            metadata: testMetadata(),
          });
        }),
      );
    }
  } finally {
    await store.close();
  }
}

/** Runs CLI processes two at a time (the machines have two cores). */
async function runAll(
  runs: ReadonlyArray<readonly string[]>,
  env: NodeJS.ProcessEnv = {},
): Promise<Array<Awaited<ReturnType<typeof runCli>>>> {
  const results: Array<Awaited<ReturnType<typeof runCli>>> = [];
  for (let index = 0; index < runs.length; index += 2)
    results.push(...(await Promise.all(runs.slice(index, index + 2).map((args) => runCli(args, env)))));
  return results;
}

function digestOf(stdout: string): string {
  const match = /tables sha256 ([0-9a-f]{64})/.exec(stdout);
  if (match === null) throw new Error(`no digest in: ${stdout}`);
  return match[1];
}

describe('the plenary CLI, as a process', () => {
  it('has --help for every command, and refuses an unknown command or bad arguments in one line', async () => {
    const helps = await runAll(COMMANDS.map((command) => [command, '--help']));
    helps.forEach((help, index) => {
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: plenary ${COMMANDS[index]}`);
    });
    const [unknown, token, projection, option] = await runAll([
      ['demo'],
      ['token'],
      ['rebuild', '--projection', 'nope'],
      ['token', '--help-me'],
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`plenary: unknown command 'demo'; commands: ${COMMANDS.join(', ')} (plenary --help)\n`);
    expect(token).toMatchObject({ code: 2, stderr: 'token: give exactly one of --member <id> or --operator <name>\n' });
    expect(projection.code).toBe(2);
    expect(projection.stderr).toBe(
      'rebuild: no projection named "nope"; choose from membership, organization, convention, floor, ratification, decision-tracker, provenance, audit-trail, membership-statistics\n',
    );
    expect(option).toMatchObject({
      code: 2,
      stderr: "plenary: unknown option '--help-me' (plenary <command> --help)\n",
    });
    const config = await runCli(['check-store'], { PORT: 'eighty' });
    expect(config.code).toBe(2);
    expect(config.stderr).toBe(
      'check-store: invalid configuration: PORT="eighty": must be a whole number from 0 to 65535 (e.g. PORT=3000)\n',
    );
  }, 300_000);

  it('rebuilds with one progress line per step off a terminal, gives the same digest twice, and refuses while a server holds the data directory', async () => {
    const dir = makeTempDir('plenary-cli-');
    const env = { PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'warn' };
    let server: ServerProcess | undefined;
    try {
      await writeMembers(join(dir.path, 'events.sqlite'), 30);
      const migrated = await runCli(['migrate'], env);
      expect(migrated).toMatchObject({ code: 0 });
      expect(migrated.stdout).toMatch(/schema version \d+, up to date/);
      expect(await runCli(['check-store'], env)).toMatchObject({ code: 0, stdout: 'ok\n' });

      const first = await runCli(['rebuild', '--commit-every', '10'], env);
      expect(first.code).toBe(0);
      const lines = first.stdout.trim().split('\n');
      expect(
        lines.filter((line) => /^rebuild: \d+\/30 \(\d+%\), \d+ events\/s, ETA \d+ s$/.test(line)).length,
      ).toBeGreaterThanOrEqual(1);
      expect(first.stdout).not.toContain('\r');
      expect(lines[lines.length - 1]).toMatch(
        /^rebuilt all read models to position 30 in \d+ ms; tables sha256 [0-9a-f]{64}$/,
      );
      const second = await runCli(['rebuild'], env);
      expect(second.code).toBe(0);
      expect(digestOf(second.stdout)).toBe(digestOf(first.stdout));
      const one = await runCli(['rebuild', '--projection', 'membership'], env);
      expect(one.stdout).toMatch(/^rebuilt membership to position 30 in/m);

      server = await ServerProcess.start({ ...env, PLENARY_LOG_LEVEL: 'info' });
      const refused = await runCli(['rebuild'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `rebuild: a running server (or another rebuild) holds the data directory ${dir.path}; stop it first\n`,
      );
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect((await runCli(['rebuild'], env)).code).toBe(0);
    } finally {
      server?.kill();
      dir.remove();
    }
  }, 300_000);

  it('resumes a rebuild killed with SIGKILL and ends with the same tables as a rebuild from scratch', async () => {
    const dir = makeTempDir('plenary-cli-');
    const env = { PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'warn' };
    try {
      await writeMembers(join(dir.path, 'events.sqlite'), 30_000);
      const killed = await new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'scripts/run-ts.js'), 'apps/cli/src/main.ts', 'rebuild', '--commit-every', '2000'],
          { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          // Killed after its first commit, long before the 30,000th event.
          if (/^rebuild: \d+\/30000/m.test(stdout)) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) => resolve({ signal, stdout }));
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout).not.toContain('rebuilt');
      expect(existsSync(join(dir.path, 'rebuild-pending.json'))).toBe(true);

      const resumed = await runCli(['rebuild', '--commit-every', '5000'], env);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/^resuming the rebuild of all read models started /);
      expect(existsSync(join(dir.path, 'rebuild-pending.json'))).toBe(false);
      const fromScratch = await runCli(['rebuild', '--restart'], env);
      expect(fromScratch.code).toBe(0);
      expect(digestOf(resumed.stdout)).toBe(digestOf(fromScratch.stdout));
    } finally {
      dir.remove();
    }
  }, 300_000);

  it('erases a member through the real handler, idempotently by command id, and issues tokens', async () => {
    const dir = makeTempDir('plenary-cli-');
    const env = { PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'warn' };
    try {
      const app = await TestApp.start({ PLENARY_DATA_DIR: dir.path });
      const enrolled = await app.gql(
        `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId } }`,
        { input: { pseudonym: 'Erase Me', contact: 'erase.me@example.org' } },
      );
      const memberId: string = enrolled.data!.enrollMember.memberId;
      const head = await app.store.headPosition();
      await app.stop();

      const commandId = 'b3d6f1e2-6c1a-4f7e-8a2b-0c9d8e7f6a5b';
      const [erased, token, badMember] = await runAll(
        [
          ['erase-member', '--member', memberId, '--operator', 'alice', '--command-id', commandId],
          ['token', '--operator', 'alice'],
          ['erase-member', '--member', 'nobody', '--operator', 'alice'],
        ],
        env,
      );
      expect(erased.code).toBe(0);
      expect(erased.stdout).toBe(
        `erased the personal data of member ${memberId} at position ${head + 1n}; command id ${commandId}\n`,
      );
      expect(token.code).toBe(0);
      expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(badMember).toMatchObject({ code: 2, stderr: 'erase-member: needs --member <id> (a member id, a UUID)\n' });
      const again = await runCli(
        ['erase-member', '--member', memberId, '--operator', 'alice', '--command-id', commandId],
        env,
      );
      expect(again.stdout).toContain('(already recorded by this command id)');

      const store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite') });
      const vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
      try {
        expect(await store.headPosition()).toBe(head + 1n);
        const [last] = await store.readAll({ after: head, maxCount: 1 });
        expect(last).toMatchObject({
          type: 'MemberPersonalDataErased',
          metadata: { actor: { kind: 'operator', name: 'alice' } },
        });
        expect(await vault.status(memberId)).toBe('erased');
      } finally {
        await vault.close();
        await store.close();
      }
    } finally {
      dir.remove();
    }
  }, 300_000);
});
