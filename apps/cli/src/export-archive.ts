import Database from 'better-sqlite3';
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EventStore, RecordedEvent } from '../../../libs/event-store/src';
import { LEAF_FORMAT, leafHash, ledgerLeafText, rootHash } from '../../../libs/ledger/src';
import { ledgerSubtrees } from '../../../libs/projections/src';
import type { PlenaryConfig } from '../../api/src/config/plenary-config';
import { openEventStore, openKeyVault } from '../../api/src/infrastructure/infrastructure.module';
import { LedgerSigner } from '../../api/src/ledger/ledger-signer';

/** The tag on an archive's first line; the verifier refuses any other. */
export const ARCHIVE_FORMAT = 'plenary-archive-v1';

const READ_PAGE = 1000;

export interface ExportArchiveOptions {
  readonly store: EventStore;
  /** The ledger projection's database: the tree the checkpoints are taken from. */
  readonly ledgerDb: Database.Database;
  readonly signer: LedgerSigner;
  readonly out: string;
  /** SQLite positions are 1, 2, 3, …; EventStoreDB's commit positions only increase. */
  readonly positions: 'contiguous' | 'increasing';
  /** A signed checkpoint after every this many entries, besides the one for the whole tree. */
  readonly checkpointEvery?: number;
}

export interface ExportArchiveResult {
  readonly entries: number;
  readonly checkpoints: number;
  readonly rootHash: string;
  /** Position of the last entry exported (0n for an empty ledger). */
  readonly lastPosition: bigint;
  /** The log's newest position: beyond the ledger's tree when the ledger has not caught up yet. */
  readonly logHead: bigint;
}

/**
 * Writes the public record as line-delimited JSON: a header (format, the ledger's public key),
 * every log entry the ledger covers in log order with exactly the fields its leaf is computed
 * from (as stored: no upcasting, so the leaves can be recomputed), and signed checkpoints.
 * Secret ballots and personal data appear only as the log holds them (HMAC-keyed streams,
 * ciphertext). It streams page by page, never holding the log in memory, and writes to a
 * temporary name renamed at the end, so a failed export leaves no half archive behind.
 *
 * Each entry is checked against the ledger's stored leaf before it is written: an archive is
 * never made of a log that no longer matches its ledger.
 */
export async function exportArchive(options: ExportArchiveOptions): Promise<ExportArchiveResult> {
  const { store, ledgerDb, signer, out } = options;
  const every = options.checkpointEvery ?? 1000;
  if (!Number.isSafeInteger(every) || every < 1) throw new Error('checkpointEvery must be a whole number from 1');
  // Leaves and complete subtrees are only ever added, so everything below this size stays fixed
  // while a running server keeps appending.
  const leafAt = ledgerDb.prepare<[number], { position: number; hash: Buffer }>(
    'SELECT position, hash FROM ledger_leaves WHERE leaf_index = ?',
  );
  const treeSize = ledgerDb.prepare('SELECT count(*) FROM ledger_leaves').pluck().get() as number;
  const subtrees = ledgerSubtrees(ledgerDb);
  const checkpoint = (size: number) => {
    const root = rootHash(subtrees, size).toString('base64');
    return { treeSize: size, rootHash: root, signature: signer.signCheckpoint(size, root) };
  };

  const partial = `${out}.partial`;
  const file = createWriteStream(partial, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  const write = async (value: unknown) => {
    if (!file.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(file, 'drain'), failed]);
  };
  let checkpoints = 0;
  try {
    await write({
      format: ARCHIVE_FORMAT,
      leafFormat: LEAF_FORMAT,
      publicKey: signer.publicKeyPem,
      positions: options.positions,
      treeSize,
    });
    let index = 0;
    let after = 0n;
    while (index < treeSize) {
      const page = await store.readAll({ after, maxCount: Math.min(READ_PAGE, treeSize - index) });
      if (page.length === 0) throw new Error(`The log ends before the ledger's ${treeSize} entries`);
      for (const event of page) {
        checkAgainstLedger(event, index, leafAt.get(index));
        await write({ event: archivedEvent(event) });
        index += 1;
        if (index % every === 0 && index < treeSize) {
          await write({ checkpoint: checkpoint(index) });
          checkpoints += 1;
        }
        after = event.position;
      }
    }
    const head = checkpoint(treeSize);
    await write({ checkpoint: head });
    checkpoints += 1;
    file.end();
    await Promise.race([once(file, 'finish'), failed]);
    renameSync(partial, out);
    return {
      entries: treeSize,
      checkpoints,
      rootHash: head.rootHash,
      lastPosition: after,
      logHead: await store.headPosition(),
    };
  } catch (error) {
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Exactly the fields `ledgerLeafText` reads, positions and revisions as decimal strings. */
function archivedEvent(event: RecordedEvent) {
  return {
    position: event.position.toString(),
    id: event.id,
    stream: event.streamName,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

function checkAgainstLedger(
  event: RecordedEvent,
  index: number,
  stored: { position: number; hash: Buffer } | undefined,
): void {
  if (
    stored === undefined ||
    BigInt(stored.position) !== event.position ||
    !leafHash(Buffer.from(ledgerLeafText(event), 'utf8')).equals(stored.hash)
  ) {
    throw new Error(
      `The log entry at position ${event.position} does not match ledger leaf ${index}: the log has been altered; no archive written`,
    );
  }
}

/** `export --out <file> [--checkpoint-every <n>]`: the operator command around exportArchive. */
export async function exportCommand(args: string[], config: PlenaryConfig): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'checkpoint-every': { type: 'string' } },
  });
  if (values.out === undefined) {
    process.stderr.write('export needs --out <file>, e.g. --out plenary-archive.jsonl\n');
    return 2;
  }
  const every = values['checkpoint-every'] === undefined ? 1000 : Number(values['checkpoint-every']);
  if (!Number.isSafeInteger(every) || every < 1) {
    process.stderr.write('--checkpoint-every needs a whole number from 1\n');
    return 2;
  }
  if (existsSync(values.out)) {
    process.stderr.write(`${values.out} exists; export never overwrites an archive\n`);
    return 2;
  }
  // Without the ledger or its key there is nothing signed to export; never make a new key here.
  if (!existsSync(config.ledgerPath)) {
    process.stderr.write(`no ledger at ${config.ledgerPath}: start the server once so it builds the ledger\n`);
    return 2;
  }
  const vault = await openKeyVault(config);
  const signer = await LedgerSigner.existing(vault, config.ledgerKeyPath);
  if (signer === null) {
    await vault.close();
    process.stderr.write('no ledger signing key in the key vault: start the server once so it makes one\n');
    return 2;
  }
  const store = openEventStore(config);
  const ledgerDb = new Database(config.ledgerPath, { readonly: true, fileMustExist: true });
  try {
    const result = await exportArchive({
      store,
      ledgerDb,
      signer,
      out: values.out,
      positions: config.store.kind === 'sqlite' ? 'contiguous' : 'increasing',
      checkpointEvery: every,
    });
    process.stdout.write(
      `exported ${result.entries} entries and ${result.checkpoints} signed checkpoints to ${values.out}; root ${result.rootHash}\n`,
    );
    if (result.logHead > result.lastPosition)
      process.stdout.write(
        `the log goes on to position ${result.logHead}: export again once the ledger has caught up\n`,
      );
    return 0;
  } finally {
    ledgerDb.close();
    await store.close();
    await vault.close();
  }
}
