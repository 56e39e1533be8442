import { createHash } from 'crypto';
import fc from 'fast-check';
import { drawLot, LotBook, narrowByHistory, sha256Hex } from './tie-break';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on any text, including non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('drawLot', () => {
  it('orders names by the hash of [seed, context, name] and records the keys', () => {
    const lot = drawLot('seed-1', 'test/ctx', ['B', 'A', 'C']);
    const keys = ['A', 'B', 'C'].map((name) => ({
      name,
      key: sha256Hex(JSON.stringify(['seed-1', 'test/ctx', name])),
    }));
    keys.sort((x, y) => (x.key < y.key ? -1 : 1));
    expect(lot.order).toEqual(keys.map((entry) => entry.name));
    expect(lot.keys).toEqual(keys.map((entry) => entry.key));
  });

  it('does not depend on the order the tied names come in', () => {
    expect(drawLot('s', 'c', ['x', 'y', 'z']).order).toEqual(drawLot('s', 'c', ['z', 'x', 'y']).order);
  });

  it('refuses to draw without a seed', () => {
    expect(() => drawLot(undefined, 'c', ['x', 'y'])).toThrow(expect.objectContaining({ code: 'LOT_SEED_REQUIRED' }));
  });

  it('draws nothing for a single name', () => {
    const book = new LotBook(undefined);
    expect(book.order('c', ['x'])).toEqual(['x']);
    expect(book.lots).toEqual([]);
  });
});

describe('narrowByHistory', () => {
  const history = [
    [5, 3, 3],
    [6, 4, 3],
    [6, 6, 6],
  ];

  it('looks back to the most recent stage where the tied candidates differ', () => {
    expect(narrowByHistory([0, 1, 2], history, 2, 'lowest')).toEqual({ remaining: [2], stagesUsed: [1] });
    expect(narrowByHistory([0, 1, 2], history, 2, 'highest')).toEqual({ remaining: [0], stagesUsed: [1] });
  });

  it('keeps narrowing among those still tied, and reports a tie it cannot settle', () => {
    expect(
      narrowByHistory(
        [1, 2],
        [
          [3, 3, 3],
          [4, 3, 3],
        ],
        2,
        'lowest',
      ),
    ).toEqual({ remaining: [1, 2], stagesUsed: [] });
    expect(
      narrowByHistory(
        [0, 1, 2],
        [
          [1, 3, 2],
          [4, 3, 3],
        ],
        2,
        'highest',
      ),
    ).toEqual({ remaining: [0], stagesUsed: [1] });
    expect(
      narrowByHistory(
        [0, 1, 2],
        [
          [5, 3, 4],
          [3, 3, 3],
        ],
        2,
        'highest',
      ),
    ).toEqual({ remaining: [0], stagesUsed: [0] });
  });
});
