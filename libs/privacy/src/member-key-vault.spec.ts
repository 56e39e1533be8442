import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/src';
import { MemberErasedError, MemberKeyVault } from './member-key-vault';

describe('member key vault', () => {
  let dir: { path: string; remove(): void };
  let vault: MemberKeyVault;

  beforeEach(() => {
    dir = makeTempDir('plenary-vault-');
    vault = MemberKeyVault.open(join(dir.path, 'member-keys.sqlite'));
  });

  afterEach(() => {
    vault.close();
    dir.remove();
  });

  it('seals under a per-member key and opens it again, also after a restart', () => {
    const sealed = vault.seal('member-a', 'ada@example.org');
    expect(sealed).toMatchObject({ scheme: 'aes-256-gcm', keyId: 'member-a' });
    expect(JSON.stringify(sealed)).not.toContain('ada@example.org');
    expect(vault.open(sealed)).toBe('ada@example.org');

    vault.close();
    vault = MemberKeyVault.open(join(dir.path, 'member-keys.sqlite'));
    expect(vault.open(sealed)).toBe('ada@example.org');
  });

  it('uses a fresh IV each time and one key per member', () => {
    const first = vault.seal('member-a', 'same text');
    const second = vault.seal('member-a', 'same text');
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(vault.open(second)).toBe('same text');
    expect(vault.status('member-a')).toBe('active');
    expect(vault.status('member-b')).toBe('none');
  });

  it('refuses ciphertext moved to another member or tampered with', () => {
    vault.seal('member-b', 'anything');
    const sealed = vault.seal('member-a', 'ada@example.org');
    expect(() => vault.open({ ...sealed, keyId: 'member-b' })).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => vault.open({ ...sealed, ciphertext: flipped.toString('base64') })).toThrow();
  });

  it('erasing deletes the key: every copy becomes unreadable and no new key is ever made', () => {
    const sealed = vault.seal('member-a', 'ada@example.org');
    const other = vault.seal('member-b', 'bea@example.org');
    expect(vault.erase('member-a')).toBe(true);
    expect(vault.erase('member-a')).toBe(false);
    expect(vault.status('member-a')).toBe('erased');
    expect(vault.open(sealed)).toBeNull();
    expect(() => vault.seal('member-a', 'again')).toThrow(MemberErasedError);
    expect(vault.open(other)).toBe('bea@example.org');
  });

  it('leaves no copy of an erased key anywhere in the vault files', () => {
    vault.seal('member-a', 'ada@example.org');
    const key = (vault as unknown as { keyOf(memberId: string): Buffer }).keyOf('member-a');
    const filesHolding = () => readdirSync(dir.path).filter((file) => readFileSync(join(dir.path, file)).includes(key));
    expect(filesHolding().length).toBeGreaterThan(0);
    vault.erase('member-a');
    vault.close();
    expect(filesHolding()).toEqual([]);
    vault = MemberKeyVault.open(join(dir.path, 'member-keys.sqlite'));
  });

  it('erases a member it never held a key for, so nothing can be sealed for them later', () => {
    expect(vault.erase('member-z')).toBe(false);
    expect(vault.status('member-z')).toBe('erased');
    expect(() => vault.seal('member-z', 'x')).toThrow(MemberErasedError);
  });

  it('refuses to keep keys in memory', () => {
    expect(() => MemberKeyVault.open(':memory:')).toThrow(/file/);
  });
});
