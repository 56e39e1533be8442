import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KeyVault, StoredKey } from '../../libs/privacy/src';
import { makeTempDir } from '../../libs/testing/src';
import { describeKeyVaultContract } from './key-vault.contract';

describeKeyVaultContract('sqlite', () => {
  const dir = makeTempDir('plenary-vault-');
  return {
    open: async () => KeyVault.open(join(dir.path, 'keys.sqlite')),
    cleanup: async () => dir.remove(),
  };
});

/** The raw key bytes, read through the storage as the vault itself does. */
async function keyBytes(vault: KeyVault, memberId: string): Promise<Buffer> {
  const stored = await (
    vault as unknown as { storage: { read(ring: 'member', id: string): Promise<StoredKey> } }
  ).storage.read('member', memberId);
  if (stored.state !== 'active') throw new Error('no key');
  return stored.key;
}

describe('sqlite key vault file', () => {
  let dir: { path: string; remove(): void };
  let vault: KeyVault;

  beforeEach(() => {
    dir = makeTempDir('plenary-vault-');
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
  });

  afterEach(async () => {
    await vault.close();
    dir.remove();
  });

  it('leaves no copy of an erased key anywhere in the vault files', async () => {
    await vault.seal('member-a', 'ada@example.org');
    const key = await keyBytes(vault, 'member-a');
    const filesHolding = () => readdirSync(dir.path).filter((file) => readFileSync(join(dir.path, file)).includes(key));
    expect(filesHolding().length).toBeGreaterThan(0);
    await vault.erase('member-a');
    await vault.close();
    expect(filesHolding()).toEqual([]);
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
  });

  it('leaves no copy of a destroyed vote key anywhere in the vault files', async () => {
    await vault.createVoteKey('vote-1');
    const stored = await (
      vault as unknown as { storage: { read(ring: 'vote', id: string): Promise<StoredKey> } }
    ).storage.read('vote', 'vote-1');
    if (stored.state !== 'active') throw new Error('no key');
    const filesHolding = () =>
      readdirSync(dir.path).filter((file) => readFileSync(join(dir.path, file)).includes(stored.key));
    expect(filesHolding().length).toBeGreaterThan(0);
    await vault.destroyVoteKey('vote-1');
    await vault.close();
    expect(filesHolding()).toEqual([]);
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
  });

  it('is readable by its owner only', () => {
    expect(statSync(join(dir.path, 'keys.sqlite')).mode & 0o777).toBe(0o600);
  });

  it('refuses to keep keys in memory', () => {
    expect(() => KeyVault.open(':memory:')).toThrow(/file/);
  });
});
