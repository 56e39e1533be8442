import fc from 'fast-check';
import { apportion, ApportionmentMethod, ApportionmentUnit } from './apportionment';
import { seededRandom, shuffled } from './fixtures/random';

const seatsOf = (units: ApportionmentUnit[], method: ApportionmentMethod, seats: number, minimumPerUnit?: number) =>
  apportion(units, { method, seats, minimumPerUnit, seed: 's' }).allocations.map((a) => a.seats);

const units = (...populations: number[]): ApportionmentUnit[] =>
  populations.map((population, i) => ({ id: String.fromCharCode(65 + i), population }));

describe('apportion', () => {
  it('splits 8 seats among 100,000 / 80,000 / 30,000 / 20,000 as the Wikipedia examples do', () => {
    // Wikipedia, "D'Hondt method" and "Sainte-Laguë method", same four parties and eight seats.
    const parties = units(100_000, 80_000, 30_000, 20_000);
    expect(seatsOf(parties, 'dhondt', 8)).toEqual([4, 3, 1, 0]);
    expect(seatsOf(parties, 'sainte-lague', 8)).toEqual([3, 3, 1, 1]);
  });

  it("shows the D'Hondt quotients that won and the next ones that did not", () => {
    const result = apportion(units(100_000, 80_000, 30_000, 20_000), { method: 'dhondt', seats: 8 });
    expect(result.awards.map((a) => `${a.unit}:${a.quotient.exact}`)).toEqual([
      'A:100000',
      'B:80000',
      'A:50000',
      'B:40000',
      'A:100000/3',
      'C:30000',
      'B:80000/3',
      'A:25000',
    ]);
    expect(result.nextQuotients.map((q) => `${q.unit}/${q.divisor}=${q.quotient.decimal}`)).toEqual([
      'A/5=20000.000000',
      'B/4=20000.000000',
      'C/2=15000.000000',
      'D/1=20000.000000',
    ]);
  });

  it('apportions by largest remainder as in the Wikipedia example (Hare quota, 10 seats)', () => {
    const result = apportion(units(47_000, 16_000, 15_800, 12_000, 6_100, 3_100), { method: 'hamilton', seats: 10 });
    expect(result.allocations.map((a) => a.seats)).toEqual([5, 2, 1, 1, 1, 0]);
    expect(result.hamiltonRounds[0].lines.map((l) => `${l.quota.decimal}:${l.extraSeat}`)).toEqual([
      '4.700000:true',
      '1.600000:true',
      '1.580000:false',
      '1.200000:false',
      '0.610000:true',
      '0.310000:false',
    ]);
  });

  it('shows the Alabama paradox for Hamilton, which the divisor methods cannot have', () => {
    const states = units(6, 6, 2);
    expect(seatsOf(states, 'hamilton', 10)).toEqual([4, 4, 2]);
    expect(seatsOf(states, 'hamilton', 11)).toEqual([5, 5, 1]);
  });

  it('gives every unit its minimum, divisor methods and Hamilton alike', () => {
    const chapters = units(1000, 400, 10, 5);
    expect(seatsOf(chapters, 'dhondt', 10)).toEqual([7, 3, 0, 0]);
    expect(seatsOf(chapters, 'dhondt', 10, 1)).toEqual([6, 2, 1, 1]);
    expect(seatsOf(chapters, 'sainte-lague', 10, 1)).toEqual([6, 2, 1, 1]);
    const hamilton = apportion(chapters, { method: 'hamilton', seats: 10, minimumPerUnit: 1 });
    expect(hamilton.allocations.map((a) => a.seats)).toEqual([6, 2, 1, 1]);
    expect(hamilton.hamiltonRounds.map((r) => r.raisedToMinimum)).toEqual([['C', 'D'], []]);
  });

  it('settles exactly equal claims by lot, and only with a seed', () => {
    expect(() => apportion(units(10, 10, 10), { method: 'sainte-lague', seats: 2 })).toThrow(
      expect.objectContaining({ code: 'LOT_SEED_REQUIRED' }),
    );
    const result = apportion(units(10, 10, 10), { method: 'sainte-lague', seats: 2, seed: 'draw' });
    expect(result.allocations.map((a) => a.seats).sort()).toEqual([0, 1, 1]);
    expect(result.lots).toHaveLength(1);
    expect(result.awards.every((a) => a.byLot)).toBe(true);
    // Ties that do not decide anything need no lot.
    expect(apportion(units(10, 10, 10), { method: 'dhondt', seats: 3 }).lots).toEqual([]);
    expect(() => apportion(units(10, 10), { method: 'hamilton', seats: 1 })).toThrow(
      expect.objectContaining({ code: 'LOT_SEED_REQUIRED' }),
    );
  });

  it('rejects zero seats, bad populations, duplicate units and impossible minimums', () => {
    const ok = units(5, 7);
    expect(() => apportion(ok, { method: 'dhondt', seats: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_SEATS' }),
    );
    expect(() => apportion(units(5, -1), { method: 'dhondt', seats: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_POPULATION' }),
    );
    expect(() => apportion(units(5, 2.5), { method: 'dhondt', seats: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_POPULATION' }),
    );
    expect(() => apportion(units(0, 0), { method: 'dhondt', seats: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_POPULATION' }),
    );
    expect(() => apportion([...ok, { id: 'A', population: 1 }], { method: 'dhondt', seats: 3 })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_UNIT' }),
    );
    expect(() => apportion(ok, { method: 'dhondt', seats: 3, minimumPerUnit: 2 })).toThrow(
      expect.objectContaining({ code: 'INVALID_MINIMUM' }),
    );
    expect(() => apportion([], { method: 'dhondt', seats: 3 })).toThrow(expect.objectContaining({ code: 'NO_UNITS' }));
    expect(() => apportion(ok, { method: 'adams' as ApportionmentMethod, seats: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_METHOD' }),
    );
  });

  it('counts populations beyond 2^53 exactly', () => {
    const big = [
      { id: 'A', population: 2n ** 60n + 1n },
      { id: 'B', population: 2n ** 60n },
    ];
    expect(apportion(big, { method: 'dhondt', seats: 1 }).allocations.map((a) => a.seats)).toEqual([1, 0]);
  });

  const problem = fc.record({
    populations: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }),
    seats: fc.integer({ min: 1, max: 120 }),
    minimum: fc.integer({ min: 0, max: 3 }),
    method: fc.constantFrom<ApportionmentMethod>('sainte-lague', 'dhondt', 'hamilton'),
  });

  it('always apportions exactly the seats asked, at least the minimum to each', () => {
    fc.assert(
      fc.property(problem, ({ populations, seats, minimum, method }) => {
        fc.pre(populations.some((p) => p > 0));
        const m = Math.min(minimum, Math.floor(seats / populations.length));
        const result = apportion(units(...populations), { method, seats, minimumPerUnit: m, seed: 'x' });
        expect(result.allocations.reduce((sum, a) => sum + a.seats, 0)).toBe(seats);
        for (const a of result.allocations) expect(a.seats).toBeGreaterThanOrEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('never takes a seat from a unit when the house grows (divisor methods)', () => {
    fc.assert(
      fc.property(problem, ({ populations, seats, method }) => {
        fc.pre(populations.some((p) => p > 0) && method !== 'hamilton');
        const smaller = seatsOf(units(...populations), method, seats);
        const larger = seatsOf(units(...populations), method, seats + 1);
        smaller.forEach((s, i) => expect(larger[i]).toBeGreaterThanOrEqual(s));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the units', () => {
    fc.assert(
      fc.property(problem, fc.integer(), ({ populations, seats, method }, seed) => {
        fc.pre(populations.some((p) => p > 0));
        const list = units(...populations);
        const once = apportion(list, { method, seats, seed: 'x' });
        const again = apportion(shuffled(seededRandom(seed), list), { method, seats, seed: 'x' });
        const byId = (r: typeof once) => Object.fromEntries(r.allocations.map((a) => [a.id, a.seats]));
        expect(byId(again)).toEqual(byId(once));
      }),
      { numRuns: 300 },
    );
  });
});
