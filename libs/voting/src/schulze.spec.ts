import fc from 'fast-check';
import { seededRandom, shuffled } from './fixtures/random';
import { countSchulze, RankedBallot } from './schulze';

/** The worked example of the Wikipedia article "Schulze method": 45 voters, candidates A to E. */
const wikipedia45: RankedBallot[] = [
  { ranking: ['A', 'C', 'B', 'E', 'D'], count: 5 },
  { ranking: ['A', 'D', 'E', 'C', 'B'], count: 5 },
  { ranking: ['B', 'E', 'D', 'A', 'C'], count: 8 },
  { ranking: ['C', 'A', 'B', 'E', 'D'], count: 3 },
  { ranking: ['C', 'A', 'E', 'B', 'D'], count: 7 },
  { ranking: ['C', 'B', 'A', 'D', 'E'], count: 2 },
  { ranking: ['D', 'C', 'E', 'B', 'A'], count: 7 },
  { ranking: ['E', 'B', 'A', 'D', 'C'], count: 8 },
];

describe('countSchulze', () => {
  it('reproduces the standard 45-voter example: pairwise, strongest paths and E > A > C > B > D', () => {
    const result = countSchulze(['A', 'B', 'C', 'D', 'E'], wikipedia45);
    expect(result.pairwise).toEqual([
      [0, 20, 26, 30, 22],
      [25, 0, 16, 33, 18],
      [19, 29, 0, 17, 24],
      [15, 12, 28, 0, 14],
      [23, 27, 21, 31, 0],
    ]);
    expect(result.strongestPaths).toEqual([
      [0, 28, 28, 30, 24],
      [25, 0, 28, 33, 24],
      [25, 29, 0, 29, 24],
      [25, 28, 28, 0, 24],
      [25, 28, 28, 31, 0],
    ]);
    expect(result.ranking).toEqual([['E'], ['A'], ['C'], ['B'], ['D']]);
    expect(result.winners).toEqual(['E']);
    expect(result.order).toEqual(['E', 'A', 'C', 'B', 'D']);
    expect(result.ballots).toEqual({ voters: 45, blank: 0 });
  });

  it('counts equal rankings and leaves unranked candidates tied at the bottom', () => {
    const result = countSchulze(
      ['A', 'B', 'C', 'D'],
      [
        { ranking: [['A', 'B'], 'C'], count: 3 },
        { ranking: ['B'], count: 2 },
        { ranking: [], count: 4 },
      ],
    );
    // A vs B: 2 prefer B, 3 rank them equal. Everyone ranked D at the bottom (unranked).
    expect(result.pairwise).toEqual([
      [0, 0, 3, 3],
      [2, 0, 5, 5],
      [0, 0, 0, 3],
      [0, 0, 0, 0],
    ]);
    expect(result.ranking).toEqual([['B'], ['A'], ['C'], ['D']]);
    expect(result.ballots).toEqual({ voters: 9, blank: 4 });
  });

  it('reports Schulze ties as one level and orders them by lot only when given a seed', () => {
    const cycle: RankedBallot[] = [
      { ranking: ['A', 'B', 'C'] },
      { ranking: ['B', 'C', 'A'] },
      { ranking: ['C', 'A', 'B'] },
    ];
    const unseeded = countSchulze(['A', 'B', 'C'], cycle);
    expect(unseeded.winners).toEqual(['A', 'B', 'C']);
    expect(unseeded.ranking).toEqual([['A', 'B', 'C']]);
    expect(unseeded.order).toBeNull();
    const seeded = countSchulze(['A', 'B', 'C'], cycle, { seed: 'vote-42' });
    expect([...(seeded.order ?? [])].sort()).toEqual(['A', 'B', 'C']);
    expect(seeded.lots).toHaveLength(1);
    expect(seeded.lots[0].order).toEqual(seeded.order);
  });

  it('rejects unknown candidates, double rankings, bad counts and malformed ranks', () => {
    const candidates = ['A', 'B'];
    expect(() => countSchulze(candidates, [{ ranking: ['A', 'Z'] }])).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CANDIDATE', details: { ballot: 0, candidate: 'Z' } }),
    );
    expect(() => countSchulze(candidates, [{ ranking: ['A', ['B', 'A']] }])).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_RANKING' }),
    );
    expect(() => countSchulze(candidates, [{ ranking: ['A'], count: -1 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_BALLOT' }),
    );
    expect(() => countSchulze(candidates, [{ ranking: [[]] }])).toThrow(
      expect.objectContaining({ code: 'INVALID_BALLOT' }),
    );
    expect(() => countSchulze([], [])).toThrow(expect.objectContaining({ code: 'NO_CANDIDATES' }));
    expect(() => countSchulze(['A', 'A'], [])).toThrow(expect.objectContaining({ code: 'DUPLICATE_CANDIDATE' }));
  });

  const election = fc
    .integer({ min: 2, max: 7 })
    .chain((n) =>
      fc.record({
        candidates: fc.constant(Array.from({ length: n }, (_, i) => `C${i}`)),
        ballots: fc.array(
          fc.record({
            order: fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => `C${i}`),
              { minLength: 0 },
            ),
            cuts: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            count: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
      }),
    )
    .map(({ candidates, ballots }) => ({
      candidates,
      ballots: ballots.map(({ order, cuts, count }) => {
        // cuts[i] false joins candidate i to the previous rank: equal rankings.
        const ranking: string[][] = [];
        order.forEach((candidate, i) => {
          if (i === 0 || cuts[i]) ranking.push([candidate]);
          else ranking[ranking.length - 1].push(candidate);
        });
        return { ranking, count };
      }),
    }));

  it('elects the Condorcet winner whenever there is one', () => {
    fc.assert(
      fc.property(election, ({ candidates, ballots }) => {
        const result = countSchulze(candidates, ballots);
        const n = candidates.length;
        const condorcet = candidates.findIndex((_, i) =>
          candidates.every((__, j) => i === j || result.pairwise[i][j] > result.pairwise[j][i]),
        );
        if (condorcet >= 0) expect(result.winners).toEqual([candidates[condorcet]]);
        expect(result.ranking.flat()).toHaveLength(n);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result whatever the order of the ballots', () => {
    fc.assert(
      fc.property(election, fc.integer(), ({ candidates, ballots }, seed) => {
        const once = countSchulze(candidates, ballots, { seed: 'x' });
        const again = countSchulze(candidates, shuffled(seededRandom(seed), ballots), { seed: 'x' });
        expect(again).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  it('ranks every candidate exactly once, winners first, and never a beaten candidate above its beater', () => {
    fc.assert(
      fc.property(election, ({ candidates, ballots }) => {
        const { ranking, winners, strongestPaths } = countSchulze(candidates, ballots);
        expect(ranking[0]).toEqual(winners);
        const levelOf = new Map(ranking.flatMap((group, level) => group.map((c) => [c, level] as const)));
        candidates.forEach((a, i) =>
          candidates.forEach((b, j) => {
            if (strongestPaths[i][j] > strongestPaths[j][i]) expect(levelOf.get(a)!).toBeLessThan(levelOf.get(b)!);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
