import fc from 'fast-check';
import { SubtreeHashes, consistencyProof, inclusionProof, leafHash, nodeHash, rootHash } from '../../ledger/src';
import { verifyConsistency, verifyInclusion } from './ledger-verifier';

/** Builds trees with the server's code; the verifier must accept exactly its honest proofs. */
function tree(leaves: Buffer[]): SubtreeHashes {
  const hashes = leaves.map(leafHash);
  return {
    subtree(level, index) {
      let layer = hashes.slice(index * 2 ** level, (index + 1) * 2 ** level);
      while (layer.length > 1)
        layer = layer.flatMap((hash, at) => (at % 2 === 0 ? [nodeHash(hash, layer[at + 1])] : []));
      return layer[0];
    },
  };
}

// Leaves are distinct (as log entries are: each names its own position), so a leaf proves one index only.
const leavesArbitrary = fc
  .array(fc.uint8Array({ maxLength: 6 }), { minLength: 1, maxLength: 80 })
  .map((arrays) => arrays.map((array, index) => Buffer.concat([Buffer.from(`${index}:`), array])));

describe('ledger verifier (independent of the server code)', () => {
  it('accepts every honest inclusion proof and rejects it for any other leaf, index or root', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), (leaves, pick) => {
        const hashes = tree(leaves);
        const size = leaves.length;
        const index = pick % size;
        const root = rootHash(hashes, size);
        const path = inclusionProof(hashes, index, size);
        expect(verifyInclusion(leafHash(leaves[index]), index, size, path, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), index, size, path, root)).toBe(false);
        if (size > 1)
          expect(verifyInclusion(leafHash(leaves[index]), (index + 1) % size, size, path, root)).toBe(false);
        const otherRoot = Buffer.from(root);
        otherRoot[0] ^= 1;
        expect(verifyInclusion(leafHash(leaves[index]), index, size, path, otherRoot)).toBe(false);
      }),
    );
  });

  it('accepts every honest consistency proof and rejects a rewritten history', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), (leaves, pick) => {
        const hashes = tree(leaves);
        const second = leaves.length;
        const first = pick % (second + 1);
        const proof = consistencyProof(hashes, first, second);
        const firstRoot = rootHash(hashes, first);
        const secondRoot = rootHash(hashes, second);
        expect(verifyConsistency(first, second, proof, firstRoot, secondRoot)).toBe(true);
        if (first > 0 && first < second) {
          const rewritten = [...leaves];
          rewritten[0] = Buffer.concat([rewritten[0], Buffer.from('x')]);
          const forgedFirstRoot = rootHash(tree(rewritten), first);
          expect(verifyConsistency(first, second, proof, forgedFirstRoot, secondRoot)).toBe(false);
        }
      }),
    );
  });
});
