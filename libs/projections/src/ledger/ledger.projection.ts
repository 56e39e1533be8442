import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import { SubtreeHashes, ledgerLeafText, leafHash, nodeHash } from '../../../ledger/src';
import type { Projection } from '../projection';

/**
 * The ledger: an RFC 6962 Merkle tree over the whole global log, one leaf per event in log
 * order. It keeps every leaf hash and the hash of every complete subtree, so a root, an audit
 * path or a consistency proof costs O(log n) lookups. It runs on its own database, apart from
 * the read models, so neither slows the other and a rebuild of one leaves the other alone.
 */
export const ledgerProjection: Projection = {
  name: 'ledger',
  version: 1,
  storedEvents: true,
  tables: ['ledger_leaves', 'ledger_nodes'],
  schema: `
    CREATE TABLE IF NOT EXISTS ledger_leaves (
      leaf_index INTEGER PRIMARY KEY,
      position   INTEGER NOT NULL UNIQUE,
      hash       BLOB    NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ledger_nodes (
      level INTEGER NOT NULL,
      idx   INTEGER NOT NULL,
      hash  BLOB    NOT NULL,
      PRIMARY KEY (level, idx)
    ) WITHOUT ROWID;
  `,
  bind(db: Database.Database) {
    const nextIndex = db.prepare('SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_leaves').pluck();
    const insertLeaf = db.prepare('INSERT INTO ledger_leaves (leaf_index, position, hash) VALUES (?, ?, ?)');
    const insertNode = db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)');
    const hashes = ledgerSubtrees(db);

    return (event: RecordedEvent) => {
      const index = nextIndex.get() as number;
      let hash = leafHash(Buffer.from(ledgerLeafText(event), 'utf8'));
      insertLeaf.run(index, Number(event.position), hash);
      // Each leaf with an odd index closes one subtree per trailing 1-bit of its index.
      let level = 0;
      let at = index;
      while (at % 2 === 1) {
        hash = nodeHash(hashes.subtree(level, at - 1), hash);
        level += 1;
        at = (at - 1) / 2;
        insertNode.run(level, at, hash);
      }
    };
  },
};

/** Complete subtrees as the ledger projection stores them. */
export function ledgerSubtrees(db: Database.Database): SubtreeHashes {
  const leaf = db.prepare<[number], Buffer>('SELECT hash FROM ledger_leaves WHERE leaf_index = ?').pluck();
  const node = db
    .prepare<[number, number], Buffer>('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?')
    .pluck();
  return {
    subtree(level, index) {
      const hash = (level === 0 ? leaf.get(index) : node.get(level, index)) as Buffer | undefined;
      if (hash === undefined) throw new Error(`The ledger has no complete subtree ${level}/${index}`);
      return hash;
    },
  };
}
