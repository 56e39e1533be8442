import fc from 'fast-check';
import { countApproval } from './approval';
import { seededRandom, shuffled } from './fixtures/random';

describe('countApproval', () => {
  it('elects the most approved candidate', () => {
    const result = countApproval(
      ['A', 'B', 'C'],
      [
        { approved: ['A', 'B'], count: 4 },
        { approved: ['B'], count: 3 },
        { approved: ['C'], count: 5 },
        { approved: [], count: 2 },
      ],
    );
    expect(result.approvals).toEqual([
      { candidate: 'A', approvals: 4 },
      { candidate: 'B', approvals: 7 },
      { candidate: 'C', approvals: 5 },
    ]);
    expect(result.elected).toEqual(['B']);
    expect(result.alternates).toEqual(['C', 'A']);
    expect(result.ballots).toEqual({ voters: 14, blank: 2 });
  });

  it('fills several seats and orders equal approvals by lot', () => {
    const ballots = [{ approved: ['A', 'B'] }, { approved: ['C', 'D'] }, { approved: ['A'] }];
    expect(() => countApproval(['A', 'B', 'C', 'D'], ballots, { seats: 2 })).toThrow(
      expect.objectContaining({ code: 'LOT_SEED_REQUIRED' }),
    );
    const result = countApproval(['A', 'B', 'C', 'D'], ballots, { seats: 2, seed: 'chapter-7' });
    expect(result.ranking).toEqual([['A'], ['B', 'C', 'D']]);
    expect(result.elected[0]).toBe('A');
    expect(result.lots).toHaveLength(1);
    expect(result.lots[0].context).toBe('approval/rank-2');
    expect(result.order.slice(1)).toEqual(result.lots[0].order);
  });

  it('rejects unknown or repeated candidates and too many seats', () => {
    expect(() => countApproval(['A'], [{ approved: ['B'] }])).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CANDIDATE' }),
    );
    expect(() => countApproval(['A'], [{ approved: ['A', 'A'] }])).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_RANKING' }),
    );
    expect(() => countApproval(['A'], [], { seats: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
    expect(() => countApproval(['A'], [], { seats: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
  });

  it('fills the seats asked and does not depend on ballot order', () => {
    const candidates = ['A', 'B', 'C', 'D', 'E'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ approved: fc.subarray(candidates), count: fc.integer({ min: 1, max: 9 }) }), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (ballots, seats, seed) => {
          const once = countApproval(candidates, ballots, { seats, seed: 'x' });
          expect(once.elected).toHaveLength(seats);
          expect(countApproval(candidates, shuffled(seededRandom(seed), ballots), { seats, seed: 'x' })).toEqual(once);
        },
      ),
      { numRuns: 300 },
    );
  });
});
