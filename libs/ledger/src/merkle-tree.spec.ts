import fc from 'fast-check';
import {
  EMPTY_ROOT,
  SubtreeHashes,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  rootHash,
} from './merkle-tree';

/** MTH of RFC 6962 straight from its definition, over the whole list: the reference. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** Stored complete subtrees, as the ledger projection keeps them. */
function storedSubtrees(leaves: Buffer[]): SubtreeHashes {
  return {
    subtree(level, index) {
      const width = 2 ** level;
      const slice = leaves.slice(index * width, (index + 1) * width);
      if (slice.length !== width) throw new Error(`subtree ${level}/${index} is not complete`);
      return referenceRoot(slice);
    },
  };
}

// The leaves of the RFC 6962 test vectors used by Certificate Transparency implementations.
const VECTOR_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));

describe('RFC 6962 Merkle tree', () => {
  it('matches the published roots of the Certificate Transparency test vectors', () => {
    const hashes = storedSubtrees(VECTOR_LEAVES);
    expect(rootHash(hashes, 0).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(rootHash(hashes, 1).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(rootHash(hashes, 8).toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('computes the same root from stored subtrees as the definition, for every size', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 }), (arrays) => {
        const leaves = arrays.map((array) => Buffer.from(array));
        expect(rootHash(storedSubtrees(leaves), leaves.length)).toEqual(referenceRoot(leaves));
      }),
    );
  });

  it('gives audit paths of logarithmic length and refuses leaves outside the tree', () => {
    const leaves = Array.from({ length: 1000 }, (_, index) => Buffer.from(String(index)));
    expect(inclusionProof(storedSubtrees(leaves), 999, 1000).length).toBeLessThanOrEqual(10);
    expect(() => inclusionProof(storedSubtrees(leaves), 1000, 1000)).toThrow(RangeError);
    expect(() => consistencyProof(storedSubtrees(leaves), 5, 4)).toThrow(RangeError);
    expect(consistencyProof(storedSubtrees(leaves), 0, 10)).toEqual([]);
    expect(consistencyProof(storedSubtrees(leaves), 10, 10)).toEqual([]);
  });
});
