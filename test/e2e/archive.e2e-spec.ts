import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportArchive } from '../../apps/cli/src/export-archive';
import { LedgerSigner } from '../../apps/api/src/ledger/ledger-signer';
import { SqliteEventStore } from '../../libs/event-store/src';
import { checkpointMessage, leafHash, nodeHash, rootHash, SubtreeHashes } from '../../libs/ledger/src';
import { ProjectionRunner, ledgerProjection, openReadModelDatabase } from '../../libs/projections/src';
import { archivedLeafText, verifyArchive, verifyArchiveLines } from '../../libs/ledger-verifier/src';
import { makeTempDir } from '../../libs/testing/src';
import { KeyVault } from '../../libs/privacy/src';
import { LEDGER_DATABASE, LEDGER_PROJECTION_RUNNER } from '../../apps/api/src/infrastructure/tokens';
import { pagesDigest } from '../../libs/core/src';
import { conventionWithDelegates } from '../support/convention-fixture';
import { TestApp } from '../support/test-app';

/** Edits entries, then re-hashes and re-signs every checkpoint with a new key, as a forger would. */
function forge(lines: string[], edit: (event: Record<string, any>) => void): { lines: string[]; forgerKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const forgerKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const leaves: Buffer[] = [];
  const subtrees: SubtreeHashes = {
    subtree(level, index) {
      let layer = leaves.slice(index * 2 ** level, (index + 1) * 2 ** level).map(leafHash);
      while (layer.length > 1)
        layer = layer.flatMap((hash, at) => (at % 2 === 0 ? [nodeHash(hash, layer[at + 1])] : []));
      return layer[0];
    },
  };
  const out = lines.map((line, index) => {
    const parsed = JSON.parse(line);
    if (index === 0) return JSON.stringify({ ...parsed, publicKey: forgerKeyPem });
    if (parsed.event !== undefined) {
      edit(parsed.event);
      leaves.push(Buffer.from(archivedLeafText(parsed.event), 'utf8'));
      return JSON.stringify(parsed);
    }
    const size = parsed.checkpoint.treeSize as number;
    const rootHashBase64 = rootHash(subtrees, size).toString('base64');
    const signature = sign(null, checkpointMessage(size, rootHashBase64), privateKey).toString('base64');
    return JSON.stringify({ checkpoint: { treeSize: size, rootHash: rootHashBase64, signature } });
  });
  return { lines: out, forgerKeyPem };
}

async function* toAsync(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

/**
 * The verifiable archive, on the committed store of a whole founding convention
 * (test/fixtures/founding-store-v1, copied): exported by the real CLI from a real ledger, then
 * checked offline, honest and tampered with in every way an archive can be.
 */
describe('verifiable archive (e2e)', () => {
  const fixture = join(__dirname, '..', 'fixtures', 'founding-store-v1');
  const root = join(__dirname, '..', '..');
  let dir: { path: string; remove(): void };
  let archive: string;
  let publicKeyPem: string;
  let lines: string[];

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/run-ts.js', 'apps/cli/src/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      encoding: 'utf8',
    });

  /** Builds the ledger over a store as the server's ledger projection does. */
  async function buildLedger(storePath: string, ledgerPath: string) {
    const store = SqliteEventStore.open({ path: storePath });
    const db = openReadModelDatabase(ledgerPath);
    try {
      await new ProjectionRunner(store, db, [ledgerProjection]).catchUp();
    } finally {
      db.close();
      await store.close();
    }
  }

  beforeAll(async () => {
    dir = makeTempDir('plenary-archive-');
    copyFileSync(join(fixture, 'events.sqlite'), join(dir.path, 'events.sqlite'));
    await buildLedger(join(dir.path, 'events.sqlite'), join(dir.path, 'ledger.sqlite'));
    // The deployment's ledger key, as a server would have made it in the vault of the data directory.
    const fixtureVault = KeyVault.open(join(dir.path, 'keys.sqlite'));
    try {
      publicKeyPem = (await LedgerSigner.fromVault(fixtureVault, join(dir.path, 'ledger-signing-key.pem')))
        .publicKeyPem;
    } finally {
      await fixtureVault.close();
    }
    writeFileSync(join(dir.path, 'ledger.pub'), publicKeyPem);
    archive = join(dir.path, 'archive.jsonl');
    const exported = cli('export', '--out', archive, '--checkpoint-every', '50');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('exported 241 entries and 5 signed checkpoints');
    lines = readFileSync(archive, 'utf8').trimEnd().split('\n');
  });

  afterAll(() => dir.remove());

  const tampered = async (edit: (copy: string[]) => string[], pinned = true) => {
    const path = join(dir.path, `tampered-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, `${edit([...lines]).join('\n')}\n`);
    return verifyArchive(path, pinned ? { publicKeyPem } : {});
  };
  const lineOf = (position: number) => lines.findIndex((line) => line.startsWith(`{"event":{"position":"${position}"`));
  const checks = (report: { failures: { check: string }[] }) => [...new Set(report.failures.map((f) => f.check))];

  it('exports every entry in order with its leaf fields, and the signed checkpoints, as stored', () => {
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ format: 'plenary-archive-v1', leafFormat: 'plenary-event-v1', treeSize: 241 });
    expect(header.publicKey).toBe(publicKeyPem);
    const events = lines.filter((line) => line.startsWith('{"event"')).map((line) => JSON.parse(line).event);
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 241 }, (_, i) => String(i + 1)));
    expect(Object.keys(events[0]).sort()).toEqual(['data', 'id', 'metadata', 'position', 'revision', 'stream', 'type']);
    const checkpoints = lines.filter((line) => line.startsWith('{"checkpoint"')).map((l) => JSON.parse(l).checkpoint);
    expect(checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([50, 100, 150, 200, 241]);
    // Delegate ballots are the log's own: streams keyed by an HMAC, no member id in them.
    const ballot = events.find((event) => event.type === 'DelegateBallotCast');
    expect(Object.keys(ballot.data).sort()).toEqual(['castAt', 'choice', 'electionId', 'voterKey']);
  });

  it('verifies through the CLI against the pinned key, re-counting every vote, election and the apportionment', () => {
    const result = cli('verify', '--archive', archive, '--public-key', join(dir.path, 'ledger.pub'));
    expect(result.stdout).not.toContain('WARN');
    expect(result.stdout).toContain(
      'ok   241 entries, 5 checkpoints verified; re-counted 2 votes, 3 elections, 1 referendums, 1 apportionments: all as recorded',
    );
    expect(result.status).toBe(0);
  });

  it('warns that an archive checked against its own key proves only its internal consistency', async () => {
    const report = await verifyArchive(archive);
    expect(report.ok).toBe(true);
    expect(report.warnings.join('\n')).toContain('proves only that the archive is internally consistent');
  });

  it('detects a flipped byte in an entry: the checkpoint covering it no longer matches', async () => {
    const at = lineOf(120);
    const report = await tampered((copy) => {
      const text = copy[at];
      const offset = text.indexOf('"id":"') + 6;
      copy[at] = text.slice(0, offset) + (text[offset] === 'a' ? 'b' : 'a') + text.slice(offset + 1);
      return copy;
    });
    expect(report.ok).toBe(false);
    expect(checks(report)).toEqual(['checkpoint-root']);
    expect(report.failures[0].message).toMatch(
      /entries up to tree size 150 hash to root .*entries 101\.\.150 was altered/,
    );
  });

  it("detects a flipped byte that breaks an entry's JSON", async () => {
    const at = lineOf(10);
    const report = await tampered((copy) => {
      copy[at] = copy[at].replace('{"event":', '{"event"=');
      return copy;
    });
    expect(checks(report)).toContain('json');
    expect(report.failures.find((f) => f.check === 'json')!.message).toBe(
      `line ${at + 1} is not valid JSON: the archive is damaged or was edited`,
    );
  });

  // ARCHIVE_FLIP_STEP=1 flips every byte of the header and the checkpoint, and
  // ARCHIVE_FLIP_STRIDE sets how far apart the sampled bytes of the rest are.
  it('detects every single-bit flip: in the header, a checkpoint, and bytes sampled across the archive', async () => {
    const step = Number(process.env.ARCHIVE_FLIP_STEP ?? 5);
    const stride = Number(process.env.ARCHIVE_FLIP_STRIDE ?? 2003);
    const bytes = readFileSync(archive);
    const headerEnd = bytes.indexOf(0x0a);
    const checkpointStart = bytes.indexOf(Buffer.from('{"checkpoint"'));
    const checkpointEnd = bytes.indexOf(0x0a, checkpointStart);
    const offsets = new Set<number>();
    for (let at = 0; at < headerEnd; at += step) offsets.add(at);
    // The last base64 characters of the key carry padding bits a lenient decoder ignores.
    for (let at = headerEnd - 40; at < headerEnd; at += 1) offsets.add(at);
    for (let at = checkpointStart; at < checkpointEnd; at += step) offsets.add(at);
    for (let at = checkpointEnd - 100; at < checkpointEnd; at += 1) offsets.add(at);
    for (let at = 0; at < bytes.length; at += stride) offsets.add(at);
    const missed: number[] = [];
    for (const offset of offsets) {
      const copy = Buffer.from(bytes);
      copy[offset] ^= 0x01;
      const report = await verifyArchiveLines(toAsync(copy.toString('utf8').split('\n')), { publicKeyPem });
      if (report.ok) missed.push(offset);
    }
    expect(offsets.size).toBeGreaterThan(200);
    expect(missed).toEqual([]);
  });

  it('detects a dropped entry', async () => {
    const report = await tampered((copy) => copy.filter((_, index) => index !== lineOf(77)));
    expect(checks(report)).toContain('contiguity');
    expect(report.failures.find((f) => f.check === 'contiguity')).toMatchObject({
      position: '78',
      message: 'position 78 follows 76: 1 entries are missing before it',
    });
    expect(checks(report)).toContain('checkpoint-place');
  });

  it('detects two entries swapped', async () => {
    const report = await tampered((copy) => {
      const [a, b] = [lineOf(130), lineOf(131)];
      [copy[a], copy[b]] = [copy[b], copy[a]];
      return copy;
    });
    expect(report.failures.find((f) => f.check === 'order')).toMatchObject({
      position: '130',
      message: 'position 130 comes after position 131: entries are out of order or repeated',
    });
    expect(checks(report)).toContain('checkpoint-root');
  });

  it('detects an inserted entry, even one that continues the positions and its stream correctly', async () => {
    const report = await tampered((copy) => {
      const forged = {
        event: {
          position: '242',
          id: '00000000-0000-4000-8000-000000000242',
          stream: 'Forged-1',
          revision: '0',
          type: 'MemberEnrolled',
          data: { pseudonym: 'Forger' },
          metadata: {},
        },
      };
      copy.splice(copy.length - 1, 0, JSON.stringify(forged));
      return copy;
    });
    expect(checks(report)).toEqual(['checkpoint-place', 'coverage']);
    expect(report.failures[0].message).toBe(
      'the checkpoint for tree size 241 follows 242 entries: entries were inserted or removed before it',
    );
  });

  it('detects a duplicated entry', async () => {
    const report = await tampered((copy) => {
      copy.splice(lineOf(60) + 1, 0, copy[lineOf(60)]);
      return copy;
    });
    const duplicate = report.failures.find((f) => f.check === 'duplicate-id')!;
    expect(duplicate.message).toMatch(/^event [0-9a-f-]{36} at position 60 already appeared at position 60$/);
    expect(checks(report)).toEqual(expect.arrayContaining(['order', 'stream-revision', 'checkpoint-place']));
  });

  it('detects an altered tally in a re-hashed archive signed with another key, by the re-count and by the pinned key', async () => {
    let closedAt = '';
    const forged = forge(lines, (event) => {
      if (event.type === 'ConventionVoteClosed' && closedAt === '') {
        closedAt = event.position;
        const tally = event.data.tally;
        expect(tally.method).toBe('yes-no');
        // Turn the result around: all yes votes counted as no.
        tally.tally = { ...tally.tally, yes: tally.tally.no, no: tally.tally.yes };
        tally.outcome = tally.outcome === 'adopted' ? 'rejected' : 'adopted';
      }
    });
    const self = await tampered(() => forged.lines, false);
    expect(checks(self)).toEqual(['recount-vote']);
    expect(self.failures[0].position).toBe(closedAt);
    expect(self.failures[0].message).toMatch(
      /claims (adopted|rejected) \(yes .*; its \d+ ballots count (adopted|rejected)/,
    );

    const pinned = await tampered(() => forged.lines, true);
    expect(checks(pinned)).toEqual(['public-key', 'signature', 'recount-vote']);
    expect(pinned.failures.filter((f) => f.check === 'signature')).toHaveLength(5);
  });

  it('detects swapped delegates in a re-hashed election tally and altered seats in the apportionment', async () => {
    const forged = forge(lines, (event) => {
      if (event.type === 'DelegateElectionTallied' && event.data.alternates.length > 0 && !event.data.forged) {
        const [first] = event.data.elected;
        event.data.elected = [event.data.alternates[0], ...event.data.elected.slice(1)];
        event.data.alternates = [first, ...event.data.alternates.slice(1)];
        event.data.forged = true;
      }
      if (event.type === 'SeatsApportioned') {
        event.data.chapters[0].seats += 1;
        event.data.chapters[1].seats -= 1;
      }
    });
    const report = await tampered(() => forged.lines, false);
    expect(checks(report)).toEqual(['apportionment', 'recount-election']);
    expect(report.failures[0].message).toMatch(
      /^the apportionment at position \d+ does not follow from the member counts it records: chapter .* has \d+ seats, \d+ are due/,
    );
    expect(report.failures[1].message).toMatch(/claims elected .* the \d+ ballots in the archive elect/);
  });

  it('detects a referendum count with a tracker left out, and a referendum tally turned around', async () => {
    const dropped = forge(lines, (event) => {
      if (event.type === 'ReferendumClosed') event.data.count = event.data.count.slice(1);
    });
    const report = await tampered(() => dropped.lines, false);
    expect(checks(report)).toEqual(['recount-referendum']);
    expect(report.failures[0].message).toMatch(/publishes a count of 24 trackers that differs from its 25 ballots/);

    const turned = forge(lines, (event) => {
      if (event.type === 'ReferendumClosed') {
        const { tally } = event.data;
        tally.tally = { ...tally.tally, yes: tally.tally.no, no: tally.tally.yes };
        tally.outcome = tally.outcome === 'adopted' ? 'rejected' : 'adopted';
      }
    });
    const recount = await tampered(() => turned.lines, false);
    expect(checks(recount)).toEqual(['recount-referendum']);
    expect(recount.failures[0].message).toMatch(
      /claims (adopted|rejected) \(yes .*; its 25 ballots count (adopted|rejected)/,
    );
  });

  it('exits 1 from the CLI and prints each problem with its line when the archive was tampered with', () => {
    const path = join(dir.path, 'dropped.jsonl');
    writeFileSync(path, `${lines.filter((_, index) => index !== lineOf(77)).join('\n')}\n`);
    const result = cli('verify', `--archive=${path}`, '--public-key', join(dir.path, 'ledger.pub'));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `FAIL contiguity (line ${lineOf(78)}): position 78 follows 76: 1 entries are missing before it`,
    );
    expect(result.stdout).toMatch(/FAIL \d+ problems in 240 entries/);
  });

  it('refuses to export a log that no longer matches its ledger, and writes no archive', async () => {
    const altered = makeTempDir('plenary-archive-altered-');
    try {
      copyFileSync(join(dir.path, 'events.sqlite'), join(altered.path, 'events.sqlite'));
      copyFileSync(join(dir.path, 'ledger.sqlite'), join(altered.path, 'ledger.sqlite'));
      const raw = new Database(join(altered.path, 'events.sqlite'));
      raw
        .prepare(`UPDATE events SET data = replace(data, '"seats":', '"seats":1') WHERE type = 'SeatsApportioned'`)
        .run();
      raw.close();
      const store = SqliteEventStore.open({ path: join(altered.path, 'events.sqlite') });
      const ledgerDb = new Database(join(altered.path, 'ledger.sqlite'), { readonly: true });
      const out = join(altered.path, 'archive.jsonl');
      const vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
      try {
        await expect(
          exportArchive({
            store,
            ledgerDb,
            signer: (await LedgerSigner.existing(vault, join(dir.path, 'ledger-signing-key.pem')))!,
            out,
            positions: 'contiguous',
          }),
        ).rejects.toThrow(/does not match ledger leaf \d+: the log has been altered; no archive written/);
      } finally {
        ledgerDb.close();
        await store.close();
        await vault.close();
      }
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.partial`)).toBe(false);
    } finally {
      altered.remove();
    }
  });
});

/**
 * An archive of a convention driven through the API by today's code (a paged apportionment, an
 * approval election), exported beside the running server.
 */
describe('verifiable archive of a live convention (e2e)', () => {
  let app: TestApp;
  let archive: string;
  let publicKeyPem: string;
  let lines: string[];

  beforeAll(async () => {
    app = await TestApp.start();
    await conventionWithDelegates(app, { delegates: 3 });
    const head = await app.store.headPosition();
    expect(await app.app.get<ProjectionRunner>(LEDGER_PROJECTION_RUNNER).waitFor(head, 10_000)).toBe(true);
    const signer = app.app.get(LedgerSigner);
    publicKeyPem = signer.publicKeyPem;
    archive = join(app.config.dataDir, 'live-archive.jsonl');
    const result = await exportArchive({
      store: app.store,
      ledgerDb: app.app.get<Database.Database>(LEDGER_DATABASE),
      signer,
      out: archive,
      positions: 'contiguous',
    });
    expect(result.lastPosition).toBe(head);
    lines = readFileSync(archive, 'utf8').trimEnd().split('\n');
  });

  afterAll(() => app.stop());

  const verifyLines = async (edited: string[], pinned: boolean) => {
    const path = join(app.config.dataDir, `edited-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, `${edited.join('\n')}\n`);
    return verifyArchive(path, pinned ? { publicKeyPem } : {});
  };

  it('verifies, re-counting the election and re-assembling and re-apportioning the paged seats', async () => {
    expect(lines.some((line) => line.includes('"type":"SeatsApportionmentPage"'))).toBe(true);
    const report = await verifyArchive(archive, { publicKeyPem });
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.recounted).toEqual({ votes: 0, elections: 1, referendums: 0, apportionments: 1 });
  });

  it('detects an altered page of the apportionment, and altered seats re-paged with a matching digest', async () => {
    const page = forge(lines, (event) => {
      if (event.type === 'SeatsApportionmentPage') event.data.entries[0].members += 1;
    });
    const paged = await verifyLines(page.lines, false);
    expect(paged.failures.map((f) => f.check)).toEqual(['apportionment']);
    expect(paged.failures[0].message).toMatch(
      /does not match its pages: the pages hash to [0-9a-f]{64}, the record says/,
    );

    let entries: unknown[] = [];
    const repaged = forge(lines, (event) => {
      if (event.type === 'SeatsApportionmentPage') {
        event.data.entries[0].seats += 1;
        entries = event.data.entries;
      }
      if (event.type === 'SeatsApportioned') event.data.pages.digest = pagesDigest([entries]);
    });
    const report = await verifyLines(repaged.lines, false);
    expect(report.failures.map((f) => f.check)).toEqual(['apportionment']);
    expect(report.failures[0].message).toMatch(
      /does not follow from the member counts it records: chapter .* has \d+ seats, \d+ are due/,
    );
  });
});
