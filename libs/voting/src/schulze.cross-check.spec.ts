import { importEsm } from './fixtures/import-esm';
import { candidateNames, randomInt, seededRandom, shuffled } from './fixtures/random';
import { countSchulze } from './schulze';

interface VotesPackage {
  Schulze: new (matrix: unknown) => { scores(): Record<string, number>; ranking(): string[][] };
  utils: {
    matrixFromBallots(ballots: { ranking: string[][]; weight: number }[], candidates: string[]): { array: number[][] };
  };
}

/**
 * Cross-check against the npm package `votes` (3.0.0), an independent Schulze implementation
 * (winning votes, like ours). `votes` ranks by the number of candidates each one beats, which can
 * split a level of Schulze's partial order; so the pairwise matrix and those scores are compared on
 * every election, and the full ranking on the elections where Schulze yields a strict order.
 */
describe('countSchulze against the votes package', () => {
  let votes: VotesPackage;
  beforeAll(async () => {
    votes = await importEsm<VotesPackage>('votes');
  });

  it('agrees on 1,000 random elections', () => {
    const random = seededRandom(20240611);
    let strict = 0;
    for (let e = 0; e < 1000; e++) {
      const candidates = candidateNames(randomInt(random, 2, 8));
      const withTies = e % 2 === 0;
      const ballots = Array.from({ length: randomInt(random, 1, 40) }, () => {
        const order = shuffled(random, candidates).slice(0, randomInt(random, 1, candidates.length));
        const ranking: string[][] = [];
        order.forEach((candidate, i) => {
          if (i > 0 && withTies && random() < 0.3) ranking[ranking.length - 1].push(candidate);
          else ranking.push([candidate]);
        });
        return { ranking, count: randomInt(random, 1, 9) };
      });

      const ours = countSchulze(candidates, ballots);
      const matrix = votes.utils.matrixFromBallots(
        ballots.map(({ ranking, count }) => ({ ranking, weight: count })),
        candidates,
      );
      expect(ours.pairwise).toEqual(matrix.array);

      const theirs = new votes.Schulze({ array: matrix.array, candidates });
      const beaten = Object.fromEntries(
        candidates.map((c, i) => [
          c,
          candidates.filter((_, j) => ours.strongestPaths[i][j] > ours.strongestPaths[j][i]).length,
        ]),
      );
      expect(beaten).toEqual(theirs.scores());
      if (ours.ranking.every((level) => level.length === 1)) {
        strict++;
        expect(ours.ranking).toEqual(theirs.ranking());
      }
    }
    // Most random elections are tie-free; make sure the strict-order comparison really ran.
    expect(strict).toBeGreaterThan(500);
  });
});
