import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/src';
import { KeyVault, MemberErasedError, VoteKeyDestroyedError } from './key-vault';

describe('member key vault', () => {
  let dir: { path: string; remove(): void };
  let vault: KeyVault;

  beforeEach(() => {
    dir = makeTempDir('plenary-vault-');
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
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
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
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
    vault = KeyVault.open(join(dir.path, 'keys.sqlite'));
  });

  it('erases a member it never held a key for, so nothing can be sealed for them later', () => {
    expect(vault.erase('member-z')).toBe(false);
    expect(vault.status('member-z')).toBe('erased');
    expect(() => vault.seal('member-z', 'x')).toThrow(MemberErasedError);
  });

  it('refuses to keep keys in memory', () => {
    expect(() => KeyVault.open(':memory:')).toThrow(/file/);
  });

  describe('vote keys for secret ballots', () => {
    it('gives each voter one stable ballot key and tracker per vote, different across votes and voters', () => {
      vault.createVoteKey('vote-1');
      vault.createVoteKey('vote-1');
      vault.createVoteKey('vote-2');
      const ballotKey = vault.ballotKey('vote-1', 'member-a');
      expect(ballotKey).toMatch(/^[0-9a-f]{32}$/);
      expect(vault.ballotKey('vote-1', 'member-a')).toBe(ballotKey);
      expect(vault.ballotKey('vote-1', 'member-b')).not.toBe(ballotKey);
      expect(vault.ballotKey('vote-2', 'member-a')).not.toBe(ballotKey);
      expect(vault.tracker('vote-1', 'member-a')).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){4}$/);
    });

    it('destroying the key at the close makes ballot keys and trackers uncomputable, for good', () => {
      vault.createVoteKey('vote-1');
      vault.ballotKey('vote-1', 'member-a');
      expect(vault.destroyVoteKey('vote-1')).toBe(true);
      expect(vault.destroyVoteKey('vote-1')).toBe(false);
      expect(vault.voteKeyStatus('vote-1')).toBe('destroyed');
      expect(() => vault.ballotKey('vote-1', 'member-a')).toThrow(VoteKeyDestroyedError);
      expect(() => vault.tracker('vote-1', 'member-a')).toThrow(VoteKeyDestroyedError);
      expect(() => vault.createVoteKey('vote-1')).toThrow(VoteKeyDestroyedError);
    });

    it('has no key for a vote that was never opened', () => {
      expect(vault.voteKeyStatus('vote-9')).toBe('none');
      expect(() => vault.ballotKey('vote-9', 'member-a')).toThrow(VoteKeyDestroyedError);
    });
  });
});
