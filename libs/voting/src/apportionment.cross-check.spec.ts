import { apportion, ApportionmentUnit } from './apportionment';
import { importEsm } from './fixtures/import-esm';
import { randomInt, seededRandom } from './fixtures/random';
import { VotingError } from './voting.errors';

type Distribution = Record<string, number>;

/**
 * Cross-checks against the npm packages `sainte-lague` (3.0.0) and `hare-niemeyer` (3.0.0), both
 * by Julius Tens. They compute in floating point: `sainte-lague` throws on a tie unless it may
 * draw at random, `hare-niemeyer` returns fractional seats for tied remainders when not allowed to
 * draw. Neither has a minimum per unit. So the comparison runs on random problems without a
 * minimum and without exact ties; a problem is tie-free when our count needs no lot (it refuses
 * without a seed).
 *
 * hare-niemeyer also sorts remainders with a bare `Array.prototype.sort()`, which compares them
 * as strings; a remainder below 10^-6 is written "7.9e-7" and sorts above "0.15", and the package
 * then hands out the wrong number of seats. Problems with such a remainder are left out of that
 * comparison (and counted), since there the package, not the method, decides the answer.
 */
describe('apportion against independent npm packages', () => {
  let sainteLague: (votes: Distribution, seats: number, options?: { draw: boolean }) => Distribution;
  let hareNiemeyer: (votes: Distribution, seats: number, draw?: boolean) => Distribution;
  beforeAll(async () => {
    sainteLague = (await importEsm<{ default: typeof sainteLague }>('sainte-lague')).default;
    hareNiemeyer = (await importEsm<{ default: typeof hareNiemeyer }>('hare-niemeyer')).default;
  });

  const randomProblems = (seed: number, count: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: count }, () => {
      const units: ApportionmentUnit[] = Array.from({ length: randomInt(random, 2, 15) }, (_, i) => ({
        id: `u${i}`,
        // Mostly realistic chapter sizes, sometimes tiny or empty units.
        population: random() < 0.1 ? randomInt(random, 0, 3) : randomInt(random, 1, 200_000),
      }));
      if (units.every((u) => u.population === 0)) units[0] = { id: 'u0', population: 1 };
      return { units, seats: randomInt(random, 1, 300) };
    });
  };

  const tieFree = (run: () => Distribution): Distribution | null => {
    try {
      return run();
    } catch (error) {
      if (error instanceof VotingError && error.code === 'LOT_SEED_REQUIRED') return null;
      throw error;
    }
  };

  const asDistribution = (units: ApportionmentUnit[]): Distribution =>
    Object.fromEntries(units.map((u) => [u.id, Number(u.population)]));

  it('Sainte-Laguë agrees with sainte-lague on 1,000 tie-free random problems', () => {
    let compared = 0;
    for (const { units, seats } of randomProblems(7, 1100)) {
      const ours = tieFree(() =>
        Object.fromEntries(apportion(units, { method: 'sainte-lague', seats }).allocations.map((a) => [a.id, a.seats])),
      );
      if (ours === null) continue;
      expect(sainteLague(asDistribution(units), seats, { draw: false })).toEqual(ours);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(1000);
  });

  const hasExponentRemainder = (units: ApportionmentUnit[], seats: number): boolean => {
    const total = units.reduce((sum, u) => sum + Number(u.population), 0);
    return units.some((u) => {
      const share = (Number(u.population) * seats) / total;
      const remainder = share - Math.floor(share);
      return remainder > 0 && remainder < 1e-6;
    });
  };

  it('Hamilton agrees with hare-niemeyer on 1,000 tie-free random problems', () => {
    let compared = 0;
    let stringSorted = 0;
    for (const { units, seats } of randomProblems(11, 1100)) {
      if (hasExponentRemainder(units, seats)) {
        stringSorted++;
        continue;
      }
      const ours = tieFree(() =>
        Object.fromEntries(apportion(units, { method: 'hamilton', seats }).allocations.map((a) => [a.id, a.seats])),
      );
      if (ours === null) continue;
      expect(hareNiemeyer(asDistribution(units), seats, false)).toEqual(ours);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(1000);
    expect(stringSorted).toBeLessThan(50);
  });
});
