import fc from 'fast-check';
import { generateKeyPairSync, sign } from 'node:crypto';
import { SubtreeHashes, checkpointMessage, inclusionProof, leafHash, nodeHash, rootHash } from '../../libs/ledger/src';
import { rootFromAuditPath, verifyEntry } from '../../web/audit/src/ledger-verify';

/**
 * The page's WebCrypto checks (run here on Node's WebCrypto) against the ledger's own code:
 * every audit path the ledger hands out leads the page to the ledger's root, and a path with any
 * byte changed does not; a checkpoint signed as the ledger signs it verifies, a pinned other key
 * does not.
 */
function subtrees(leaves: Buffer[]): SubtreeHashes {
  const root = (slice: Buffer[]): Buffer => {
    if (slice.length === 1) return leafHash(slice[0]);
    let k = 1;
    while (k * 2 < slice.length) k *= 2;
    return nodeHash(root(slice.slice(0, k)), root(slice.slice(k)));
  };
  return { subtree: (level, index) => root(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)) };
}

describe('the audit page’s ledger verification', () => {
  it('follows every audit path of the ledger to its root, and no altered one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 70 }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1), fc.nat())),
        async ([size, index, flip]) => {
          const leaves = Array.from({ length: size }, (_, i) => Buffer.from(`leaf ${i}`));
          const hashes = subtrees(leaves);
          const path = inclusionProof(hashes, index, size);
          const expected = rootHash(hashes, size);
          const root = await rootFromAuditPath(leaves[index], index, size, path);
          expect(Buffer.from(root!).equals(expected)).toBe(true);
          if (path.length > 0) {
            const altered = path.map((hash) => Buffer.from(hash));
            altered[flip % altered.length][flip % 32] ^= 1;
            const wrong = await rootFromAuditPath(leaves[index], index, size, altered);
            expect(wrong !== null && Buffer.from(wrong).equals(expected)).toBe(false);
          }
          expect(await rootFromAuditPath(leaves[index], index, size, [...path, expected])).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('checks the Ed25519 signature over the checkpoint text, the entry’s position and a pinned key', async () => {
    const leaves = ['["plenary-event-v1","1"]', '["plenary-event-v1","2"]', '["plenary-event-v1","3"]'];
    const hashes = subtrees(leaves.map((leaf) => Buffer.from(leaf)));
    const root = rootHash(hashes, 3).toString('base64');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const checkpoint = {
      treeSize: 3,
      rootHash: root,
      signature: sign(null, checkpointMessage(3, root), privateKey).toString('base64'),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const entry = {
      position: '2',
      leafIndex: 1,
      leaf: leaves[1],
      treeSize: 3,
      auditPath: inclusionProof(hashes, 1, 3).map((hash) => hash.toString('base64')),
    };
    expect(await verifyEntry('2', entry, checkpoint, null)).toEqual({
      verified: true,
      positionMatches: true,
      pathLeadsToRoot: true,
      signature: 'valid',
      pinned: 'none',
    });
    expect((await verifyEntry('2', entry, checkpoint, checkpoint.publicKey)).verified).toBe(true);
    expect(await verifyEntry('2', entry, checkpoint, other)).toMatchObject({ verified: false, pinned: 'mismatch' });
    expect(await verifyEntry('3', entry, checkpoint, null)).toMatchObject({ verified: false, positionMatches: false });
    const forged = { ...checkpoint, signature: sign(null, checkpointMessage(4, root), privateKey).toString('base64') };
    expect(await verifyEntry('2', entry, forged, null)).toMatchObject({ verified: false, signature: 'invalid' });
  });
});
