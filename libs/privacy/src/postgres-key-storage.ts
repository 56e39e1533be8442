import { Pool, PoolClient } from 'pg';
import { KeyRing, KeyStorage, KeyVaultUnavailableError, StoredKey } from './key-storage';

export interface PostgresKeyStorageOptions {
  /** Schema holding the vault's tables (made when missing); the connection's default when absent. */
  readonly schema?: string;
  /** Connections kept open by this process. */
  readonly poolSize?: number;
}

const RINGS: readonly KeyRing[] = ['member', 'vote', 'service'];

/**
 * Whether an error from pg means the server could not be reached or dropped the connection, as
 * opposed to a fault of the statement: a system error (ECONNREFUSED, ETIMEDOUT, …), a connection
 * pg ended, or SQLSTATE class 08 (connection exception), 57P (operator intervention) or 53300.
 */
function isUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: system errors come from Node's own realm, which a test sandbox does not share.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string')
    return /^E[A-Z]+$/.test(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    String(message),
  );
}

/** The failed query already carries the error; the client's own 'error' event adds nothing. */
function ignoreClientError(): void {}

async function reachable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailable(error) ? new KeyVaultUnavailableError(error) : error;
  }
}
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Keys in PostgreSQL, shared by every API process of a deployment. Each ring has a table of live
 * keys and a table of tombstones. Making and deleting a key take a transaction-scoped advisory
 * lock on (ring, id), so a seal racing an erasure in another process either finishes before it
 * (and its key is then deleted) or sees the tombstone; it never leaves a key beside a tombstone.
 *
 * Deleting a key deletes its row and then rewrites the table (`VACUUM FULL`): a plain VACUUM
 * frees the dead row's space but can leave its bytes on the page until something overwrites them.
 * The rewrite copies only rows still visible to some transaction, so the bytes leave the heap
 * unless an older transaction elsewhere still holds a snapshot that sees the row (then the next
 * deletion's rewrite removes them). PostgreSQL's write-ahead log keeps the inserted key until its
 * segment is recycled, like any database's log: the vault's database needs its own retention
 * policy for WAL archives and backups.
 */
export class PostgresKeyStorage implements KeyStorage {
  private constructor(
    private readonly pool: Pool,
    private readonly qualify: (table: string) => string,
  ) {}

  static async connect(url: string, options: PostgresKeyStorageOptions = {}): Promise<PostgresKeyStorage> {
    const { schema } = options;
    if (schema !== undefined && !IDENTIFIER.test(schema)) throw new Error(`Invalid key vault schema name ${schema}`);
    // A connection that cannot be made in 5 s counts as unavailable rather than hanging a request.
    const pool = new Pool({ connectionString: url, max: options.poolSize ?? 4, connectionTimeoutMillis: 5000 });
    // An idle connection the server drops must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const qualify = (table: string) => (schema === undefined ? table : `${schema}.${table}`);
    const storage = new PostgresKeyStorage(pool, qualify);
    try {
      await reachable(() => storage.migrate(schema));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return storage;
  }

  async read(ring: KeyRing, id: string): Promise<StoredKey> {
    return reachable(() => this.readWith(this.pool, ring, id));
  }

  async create(ring: KeyRing, id: string, key: Buffer, now: Date): Promise<StoredKey> {
    return reachable(() => this.createNow(ring, id, key, now));
  }

  async destroy(ring: KeyRing, id: string, now: Date): Promise<boolean> {
    return reachable(() => this.destroyNow(ring, id, now));
  }

  async discard(ring: KeyRing, id: string): Promise<void> {
    return reachable(() => this.discardNow(ring, id));
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async createNow(ring: KeyRing, id: string, key: Buffer, now: Date): Promise<StoredKey> {
    return this.locked(ring, id, async (client) => {
      await client.query(
        `INSERT INTO ${this.keys(ring)} (id, key, created_at) SELECT $1, $2, $3
         WHERE NOT EXISTS (SELECT 1 FROM ${this.tombstones(ring)} WHERE id = $1) ON CONFLICT (id) DO NOTHING`,
        [id, key, now],
      );
      return this.readWith(client, ring, id);
    });
  }

  private async destroyNow(ring: KeyRing, id: string, now: Date): Promise<boolean> {
    const destroyed = await this.locked(ring, id, async (client) => {
      await client.query(
        `INSERT INTO ${this.tombstones(ring)} (id, deleted_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
        [id, now],
      );
      const deleted = await client.query(`DELETE FROM ${this.keys(ring)} WHERE id = $1`, [id]);
      return (deleted.rowCount ?? 0) > 0;
    });
    if (destroyed) await this.pool.query(`VACUUM FULL ${this.keys(ring)}`);
    return destroyed;
  }

  private async discardNow(ring: KeyRing, id: string): Promise<void> {
    const deleted = await this.pool.query(`DELETE FROM ${this.keys(ring)} WHERE id = $1`, [id]);
    if ((deleted.rowCount ?? 0) > 0) await this.pool.query(`VACUUM FULL ${this.keys(ring)}`);
  }

  private keys(ring: KeyRing): string {
    return this.qualify(`${ring}_keys`);
  }

  private tombstones(ring: KeyRing): string {
    return this.qualify(`${ring}_key_tombstones`);
  }

  /** One statement, so the key and the tombstone are read from one snapshot. */
  private async readWith(client: Pool | PoolClient, ring: KeyRing, id: string): Promise<StoredKey> {
    const { rows } = await client.query<{ key: Buffer | null; deleted: boolean }>(
      `SELECT (SELECT key FROM ${this.keys(ring)} WHERE id = $1) AS key,
              EXISTS (SELECT 1 FROM ${this.tombstones(ring)} WHERE id = $1) AS deleted`,
      [id],
    );
    const row = rows[0]!;
    if (row.deleted) return { state: 'deleted' };
    return row.key === null ? { state: 'none' } : { state: 'active', key: row.key };
  }

  private async locked<T>(ring: KeyRing, id: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.checkOut();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        JSON.stringify(['plenary-key-vault', ring, id]),
      ]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.release(client);
    }
  }

  /**
   * A client of the pool, with an 'error' listener while it is checked out: a connection cut
   * mid-query fails the query (answered as KEY_VAULT_UNAVAILABLE) and also emits 'error' on the
   * client, which without a listener would crash the process. The pool listens only to idle ones.
   */
  private async checkOut(): Promise<PoolClient> {
    const client = await this.pool.connect();
    client.on('error', ignoreClientError);
    return client;
  }

  private release(client: PoolClient): void {
    client.removeListener('error', ignoreClientError);
    client.release();
  }

  /** Makes the tables under a lock, so several processes starting at once do not race on them. */
  private async migrate(schema: string | undefined): Promise<void> {
    const client = await this.checkOut();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['plenary-key-vault-schema']);
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      for (const ring of RINGS) {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.keys(ring)} (
             id         text PRIMARY KEY,
             key        bytea NOT NULL,
             created_at timestamptz NOT NULL
           )`,
        );
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${this.tombstones(ring)} (
             id         text PRIMARY KEY,
             deleted_at timestamptz NOT NULL
           )`,
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.release(client);
    }
  }
}
