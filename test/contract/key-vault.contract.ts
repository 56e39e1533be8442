import { randomBytes } from 'node:crypto';
import { KeyVault, MemberErasedError, VoteKeyDestroyedError } from '../../libs/privacy/src';

/** What an adapter's spec provides to the shared key vault contract. */
export interface KeyVaultContractFixture {
  /**
   * A vault on the fixture's storage; every call opens one more handle on the same storage, as
   * another API process would. The suite closes them all.
   */
  open(): Promise<KeyVault>;
  cleanup(): Promise<void>;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (caught: unknown) => caught,
  );
}

export function describeKeyVaultContract(adapter: string, fixture: () => KeyVaultContractFixture): void {
  describe(`key vault contract: ${adapter}`, () => {
    let context: KeyVaultContractFixture;
    let vault: KeyVault;
    const opened: KeyVault[] = [];
    const another = async (): Promise<KeyVault> => {
      const handle = await context.open();
      opened.push(handle);
      return handle;
    };

    beforeEach(async () => {
      context = fixture();
      vault = await another();
    });

    afterEach(async () => {
      for (const handle of opened.splice(0)) await handle.close();
      await context.cleanup();
    });

    it('seals under a per-member key and opens it again, also after a restart', async () => {
      const sealed = await vault.seal('member-a', 'ada@example.org');
      expect(sealed).toMatchObject({ scheme: 'aes-256-gcm', keyId: 'member-a' });
      expect(JSON.stringify(sealed)).not.toContain('ada@example.org');
      expect(await vault.open(sealed)).toBe('ada@example.org');

      await vault.close();
      vault = await another();
      expect(await vault.open(sealed)).toBe('ada@example.org');
    });

    it('uses a fresh IV each time and one key per member', async () => {
      const first = await vault.seal('member-a', 'same text');
      const second = await vault.seal('member-a', 'same text');
      expect(first.iv).not.toBe(second.iv);
      expect(first.ciphertext).not.toBe(second.ciphertext);
      expect(await vault.open(first)).toBe('same text');
      expect(await vault.open(second)).toBe('same text');
      expect(await vault.status('member-a')).toBe('active');
      expect(await vault.status('member-b')).toBe('none');
    });

    it('refuses ciphertext moved to another member or tampered with', async () => {
      await vault.seal('member-b', 'anything');
      const sealed = await vault.seal('member-a', 'ada@example.org');
      await expect(vault.open({ ...sealed, keyId: 'member-b' })).rejects.toThrow();
      const flipped = Buffer.from(sealed.ciphertext, 'base64');
      flipped[0] ^= 1;
      await expect(vault.open({ ...sealed, ciphertext: flipped.toString('base64') })).rejects.toThrow();
    });

    it('erasing deletes the key: every copy becomes unreadable and no new key is ever made', async () => {
      const sealed = await vault.seal('member-a', 'ada@example.org');
      const other = await vault.seal('member-b', 'bea@example.org');
      expect(await vault.erase('member-a')).toBe(true);
      expect(await vault.erase('member-a')).toBe(false);
      expect(await vault.status('member-a')).toBe('erased');
      expect(await vault.open(sealed)).toBeNull();
      expect(await rejection(vault.seal('member-a', 'again'))).toBeInstanceOf(MemberErasedError);
      expect(await vault.open(other)).toBe('bea@example.org');
    });

    it('erases a member it never held a key for, so nothing can be sealed for them later', async () => {
      expect(await vault.erase('member-z')).toBe(false);
      expect(await vault.status('member-z')).toBe('erased');
      expect(await rejection(vault.seal('member-z', 'x'))).toBeInstanceOf(MemberErasedError);
    });

    it('discards a key that sealed nothing kept, leaving no tombstone', async () => {
      const sealed = await vault.seal('member-a', 'ada@example.org');
      await vault.discard('member-a');
      expect(await vault.status('member-a')).toBe('none');
      expect(await vault.open(sealed)).toBeNull();
      const again = await vault.seal('member-a', 'ada@example.org');
      expect(await vault.open(again)).toBe('ada@example.org');
    });

    describe('shared by several processes', () => {
      it('a key erased through one handle is unusable through another that used it just before', async () => {
        const replica = await another();
        const sealed = await vault.seal('member-a', 'ada@example.org');
        expect(await replica.open(sealed)).toBe('ada@example.org');
        expect(await vault.erase('member-a')).toBe(true);
        expect(await replica.open(sealed)).toBeNull();
        expect(await replica.status('member-a')).toBe('erased');
        expect(await rejection(replica.seal('member-a', 'again'))).toBeInstanceOf(MemberErasedError);
        expect(await replica.erase('member-a')).toBe(false);
      });

      it('seals made at once through two handles use one key', async () => {
        const replica = await another();
        const sealed = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? vault : replica).seal('member-a', `text ${i}`)),
        );
        for (const [i, value] of sealed.entries()) {
          expect(await vault.open(value)).toBe(`text ${i}`);
          expect(await replica.open(value)).toBe(`text ${i}`);
        }
      });

      it('a seal racing an erasure through another handle never leaves a usable key behind', async () => {
        const replica = await another();
        for (let round = 0; round < 10; round += 1) {
          const memberId = `member-race-${round}`;
          const [sealed] = await Promise.allSettled([vault.seal(memberId, 'secret'), replica.erase(memberId)]);
          expect(await vault.status(memberId)).toBe('erased');
          expect(await replica.status(memberId)).toBe('erased');
          if (sealed.status === 'fulfilled') {
            expect(await vault.open(sealed.value)).toBeNull();
            expect(await replica.open(sealed.value)).toBeNull();
          } else {
            expect(sealed.reason).toBeInstanceOf(MemberErasedError);
          }
        }
      });

      it('a vote key destroyed through one handle gives no ballot key or tracker through another', async () => {
        const replica = await another();
        await vault.createVoteKey('vote-1');
        await replica.createVoteKey('vote-1');
        const ballotKey = await replica.ballotKey('vote-1', 'member-a');
        expect(await vault.ballotKey('vote-1', 'member-a')).toBe(ballotKey);
        expect(await vault.tracker('vote-1', 'member-a')).toBe(await replica.tracker('vote-1', 'member-a'));
        expect(await vault.destroyVoteKey('vote-1')).toBe(true);
        expect(await replica.voteKeyStatus('vote-1')).toBe('destroyed');
        expect(await rejection(replica.ballotKey('vote-1', 'member-a'))).toBeInstanceOf(VoteKeyDestroyedError);
        expect(await rejection(replica.tracker('vote-1', 'member-a'))).toBeInstanceOf(VoteKeyDestroyedError);
        expect(await rejection(replica.createVoteKey('vote-1'))).toBeInstanceOf(VoteKeyDestroyedError);
        expect(await replica.destroyVoteKey('vote-1')).toBe(false);
      });
    });

    describe('service keys, one per deployment', () => {
      it('keeps the first key offered under a name and answers it to every later offer', async () => {
        expect(await vault.serviceKey('ledger-signing')).toBeNull();
        const first = randomBytes(48);
        expect(await vault.holdServiceKey('ledger-signing', first)).toEqual(first);
        expect(await vault.holdServiceKey('ledger-signing', randomBytes(48))).toEqual(first);
        expect(await vault.serviceKey('ledger-signing')).toEqual(first);
        expect(await vault.serviceKey('session-signing')).toBeNull();

        await vault.close();
        vault = await another();
        expect(await vault.serviceKey('ledger-signing')).toEqual(first);
      });

      it('two handles offering a key at the same moment agree on one: the first writer wins', async () => {
        const replica = await another();
        for (let round = 0; round < 10; round += 1) {
          const name = `session-signing-${round}`;
          const offers = [randomBytes(32), randomBytes(32)];
          const held = await Promise.all([
            vault.holdServiceKey(name, offers[0]!),
            replica.holdServiceKey(name, offers[1]!),
          ]);
          expect(held[0]).toEqual(held[1]);
          expect(offers.some((offer) => offer.equals(held[0]!))).toBe(true);
          expect(await replica.serviceKey(name)).toEqual(held[0]);
        }
      });

      it('keeps service keys apart from member and vote keys under one id', async () => {
        await vault.holdServiceKey('same-id', randomBytes(32));
        expect(await vault.status('same-id')).toBe('none');
        expect(await vault.voteKeyStatus('same-id')).toBe('none');
        await vault.erase('same-id');
        expect(await vault.serviceKey('same-id')).not.toBeNull();
      });
    });

    describe('vote keys for secret ballots', () => {
      it('gives each voter one stable ballot key and tracker per vote, different across votes and voters', async () => {
        await vault.createVoteKey('vote-1');
        await vault.createVoteKey('vote-1');
        await vault.createVoteKey('vote-2');
        const ballotKey = await vault.ballotKey('vote-1', 'member-a');
        expect(ballotKey).toMatch(/^[0-9a-f]{32}$/);
        expect(await vault.ballotKey('vote-1', 'member-a')).toBe(ballotKey);
        expect(await vault.ballotKey('vote-1', 'member-b')).not.toBe(ballotKey);
        expect(await vault.ballotKey('vote-2', 'member-a')).not.toBe(ballotKey);
        expect(await vault.tracker('vote-1', 'member-a')).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){4}$/);
        expect(await vault.voteKeyStatus('vote-1')).toBe('active');
      });

      it('destroying the key at the close makes ballot keys and trackers uncomputable, for good', async () => {
        await vault.createVoteKey('vote-1');
        await vault.ballotKey('vote-1', 'member-a');
        expect(await vault.destroyVoteKey('vote-1')).toBe(true);
        expect(await vault.destroyVoteKey('vote-1')).toBe(false);
        expect(await vault.voteKeyStatus('vote-1')).toBe('destroyed');
        expect(await rejection(vault.ballotKey('vote-1', 'member-a'))).toBeInstanceOf(VoteKeyDestroyedError);
        expect(await rejection(vault.tracker('vote-1', 'member-a'))).toBeInstanceOf(VoteKeyDestroyedError);
        expect(await rejection(vault.createVoteKey('vote-1'))).toBeInstanceOf(VoteKeyDestroyedError);
      });

      it('has no key for a vote that was never opened', async () => {
        expect(await vault.voteKeyStatus('vote-9')).toBe('none');
        expect(await rejection(vault.ballotKey('vote-9', 'member-a'))).toBeInstanceOf(VoteKeyDestroyedError);
      });

      it('keeps member keys and vote keys apart under one id', async () => {
        await vault.createVoteKey('same-id');
        expect(await vault.status('same-id')).toBe('none');
        await vault.erase('same-id');
        expect(await vault.voteKeyStatus('same-id')).toBe('active');
      });
    });
  });
}
