import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { KeyVault, KeyVaultUnavailableError, StoredKey } from '../../libs/privacy/src';
import { describeKeyVaultContract } from './key-vault.contract';

/**
 * The PostgreSQL key vault against a real server (`PLENARY_TEST_POSTGRES_URL`, e.g.
 * postgres://plenary:…@127.0.0.1:5432/plenary_test). Each test works in a schema of its own,
 * dropped afterwards. CI sets PLENARY_REQUIRE_POSTGRES=1, so a missing server fails there
 * instead of skipping.
 */
const url = process.env.PLENARY_TEST_POSTGRES_URL;
const required = process.env.PLENARY_REQUIRE_POSTGRES === '1';

if ((url === undefined || url === '') && required) {
  throw new Error('PLENARY_REQUIRE_POSTGRES=1 but PLENARY_TEST_POSTGRES_URL is not set');
}

function freshSchema(): string {
  return `vault_test_${randomBytes(6).toString('hex')}`;
}

async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

if (url !== undefined && url !== '') {
  describeKeyVaultContract('postgres', () => {
    const schema = freshSchema();
    return {
      open: async () => KeyVault.connectPostgres(url, { schema, poolSize: 2 }),
      cleanup: async () => dropSchema(url, schema),
    };
  });

  describe('postgres key vault table files', () => {
    let schema: string;
    let vault: KeyVault;
    let admin: Client;

    beforeEach(async () => {
      schema = freshSchema();
      vault = await KeyVault.connectPostgres(url, { schema, poolSize: 2 });
      admin = new Client({ connectionString: url });
      await admin.connect();
    });

    afterEach(async () => {
      await vault.close();
      await admin.end();
      await dropSchema(url, schema);
    });

    /** The table's heap file on disk, after a checkpoint has written every dirty page to it. */
    async function heapFile(table: string): Promise<string | null> {
      let dataDirectory: string;
      try {
        await admin.query('CHECKPOINT');
        dataDirectory = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
      } catch (error) {
        if (required) throw error;
        return null;
      }
      const relative = (
        await admin.query<{ path: string }>('SELECT pg_relation_filepath($1) AS path', [`${schema}.${table}`])
      ).rows[0]!.path;
      const path = join(dataDirectory, relative);
      try {
        accessSync(path, constants.R_OK);
      } catch (error) {
        if (required) throw error;
        return null;
      }
      return path;
    }

    async function rawKey(ring: 'member' | 'vote', id: string): Promise<Buffer> {
      const stored = await (
        vault as unknown as { storage: { read(ring: string, id: string): Promise<StoredKey> } }
      ).storage.read(ring, id);
      if (stored.state !== 'active') throw new Error('no key');
      return stored.key;
    }

    it.each([
      ['member', 'member_keys'],
      ['vote', 'vote_keys'],
    ] as const)(
      'deleting a %s key takes its bytes out of the table file, wherever the row sat',
      async (ring, table) => {
        // Several keys, so the deleted one is neither alone on its page nor only at its edge.
        const ids = Array.from({ length: 20 }, (_, i) => `${ring}-${i}`);
        for (const id of ids) {
          if (ring === 'member') await vault.seal(id, 'ada@example.org');
          else await vault.createVoteKey(id);
        }
        const deleted = [ids[0]!, ids[10]!, ids[19]!];
        const keys = await Promise.all(deleted.map((id) => rawKey(ring, id)));
        const kept = await rawKey(ring, ids[5]!);
        const before = await heapFile(table);
        if (before === null) {
          console.log('postgres key vault table files: skipped (the data directory is not readable here)');
          return;
        }
        for (const key of keys) expect(readFileSync(before).includes(key)).toBe(true);

        for (const id of deleted) {
          if (ring === 'member') expect(await vault.erase(id)).toBe(true);
          else expect(await vault.destroyVoteKey(id)).toBe(true);
        }

        const after = (await heapFile(table))!;
        const files = [after, before].filter((path) => existsSync(path));
        for (const file of files) for (const key of keys) expect(readFileSync(file).includes(key)).toBe(false);
        expect(readFileSync(after).includes(kept)).toBe(true);
      },
    );
  });
} else {
  const reason = 'skipped: PLENARY_TEST_POSTGRES_URL is not set';
  console.log(`key vault contract: postgres ${reason} (CI sets it; see .ci/run)`);
  describe('key vault contract: postgres', () => {
    it.skip(reason, () => undefined);
  });
}

describe('postgres key vault without a server', () => {
  it('reports an unreachable server as unavailable', async () => {
    // Nothing listens on port 1, so the connection is refused at once.
    const error = await KeyVault.connectPostgres('postgres://plenary:none@127.0.0.1:1/plenary').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KeyVaultUnavailableError);
    expect((error as Error).message).toMatch(/key vault is unavailable/);
  });
});
