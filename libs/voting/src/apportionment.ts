import { readOptions } from './ballots';
import { Rational } from './rational';
import { Lot, LotBook } from './tie-break';
import { show, VotingError } from './voting.errors';

/** Sainte-Laguë (Webster), D'Hondt (Jefferson) or Hamilton (largest remainder, Hare quota). */
export type ApportionmentMethod = 'sainte-lague' | 'dhondt' | 'hamilton';

/** A unit that receives seats (a chapter, a branch) and its population (members counted at the cut-off). */
export interface ApportionmentUnit {
  readonly id: string;
  /** A non-negative whole number. */
  readonly population: number | bigint;
}

/** Options of an apportionment. */
export interface ApportionmentOptions {
  readonly method: ApportionmentMethod;
  /** Seats to apportion: a positive whole number. */
  readonly seats: number;
  /** Seats every unit receives at least (0 if absent); units × minimum may not exceed seats. */
  readonly minimumPerUnit?: number;
  /** Seed for the lot that settles exactly equal claims to the last seat(s). */
  readonly seed?: string;
}

/** A unit's share of the seats. */
export interface Allocation {
  readonly id: string;
  readonly population: string;
  readonly seats: number;
}

/** A quotient, exactly and for reading. */
export interface Quotient {
  /** population / divisor, as an exact fraction. */
  readonly exact: string;
  /** The same, truncated to six decimals. */
  readonly decimal: string;
}

/** One seat awarded by a divisor method (the highest-quotient procedure). */
export interface SeatAward {
  /** Counting every seat, minimums included. */
  readonly seat: number;
  readonly unit: string;
  /** Sainte-Laguë: 2s + 1; D'Hondt: s + 1, where s is the seats the unit already had. */
  readonly divisor: number;
  readonly quotient: Quotient;
  /** True when this award was one of several equal quotients settled by lot. */
  readonly byLot: boolean;
}

/** One unit's line in a Hamilton round. */
export interface HamiltonLine {
  readonly unit: string;
  /** population × seats / total population: the unit's exact quota of seats. */
  readonly quota: Quotient;
  readonly floor: number;
  /** quota − floor. */
  readonly remainder: Quotient;
  /** Whether the unit won one of the seats left after the floors. */
  readonly extraSeat: boolean;
  readonly byLot: boolean;
}

/** One round of Hamilton: units fixed at the minimum by an earlier round take no part. */
export interface HamiltonRound {
  readonly seats: number;
  readonly population: string;
  readonly lines: readonly HamiltonLine[];
  /** Units this round gave fewer seats than the minimum; they are fixed at it before the next round. */
  readonly raisedToMinimum: readonly string[];
}

/** An apportionment and its working. */
export interface ApportionmentResult {
  readonly method: ApportionmentMethod;
  readonly seats: number;
  readonly minimumPerUnit: number;
  readonly totalPopulation: string;
  /** Seats per unit, in the order the units were given. */
  readonly allocations: readonly Allocation[];
  /** Divisor methods: every seat beyond the minimums, in the order awarded. Empty for Hamilton. */
  readonly awards: readonly SeatAward[];
  /** Divisor methods: each unit's next quotient, the one that did not win a seat. Empty for Hamilton. */
  readonly nextQuotients: readonly { readonly unit: string; readonly divisor: number; readonly quotient: Quotient }[];
  /** Hamilton: its rounds (one, unless a minimum forced more). Empty for divisor methods. */
  readonly hamiltonRounds: readonly HamiltonRound[];
  readonly lots: readonly Lot[];
}

const quotient = (value: Rational): Quotient => ({ exact: value.toString(), decimal: value.toDecimal(6) });

const readPopulation = (unit: ApportionmentUnit, position: number): bigint => {
  const population = unit?.population;
  if (typeof population === 'bigint' && population >= 0n) return population;
  if (typeof population === 'number' && Number.isSafeInteger(population) && population >= 0) return BigInt(population);
  throw new VotingError(
    'INVALID_POPULATION',
    `Unit ${show(unit?.id ?? position + 1)} has population ${show(population)}; use a whole number ≥ 0`,
    { unit: show(unit?.id ?? position + 1), population: show(population) },
  );
};

/**
 * Apportions seats to units by population. Divisor methods award seats one at a time to the
 * highest quotient population / divisor (D'Hondt: 1, 2, 3, …; Sainte-Laguë: 1, 3, 5, …), starting
 * from the minimum; this equals the divisor method with a minimum restriction. Hamilton gives each
 * unit the whole part of its quota and the seats left to the largest remainders; with a minimum,
 * units that end below it are fixed at it and the others share the rest again, until none is below.
 * Exactly equal claims to the last seat(s) are settled by lot; every comparison is exact.
 */
export function apportion(units: readonly ApportionmentUnit[], options: ApportionmentOptions): ApportionmentResult {
  const { method, minimumPerUnit, seed, ...rest } = readOptions(options);
  // Checked just below, before any use.
  const seats = rest.seats as number;
  if (method !== 'sainte-lague' && method !== 'dhondt' && method !== 'hamilton') {
    throw new VotingError('INVALID_METHOD', `Unknown apportionment method ${show(method)}`, {
      method: show(method),
    });
  }
  if (!Array.isArray(units) || units.length === 0) throw new VotingError('NO_UNITS', 'Nothing to apportion seats to');
  if (!Number.isSafeInteger(seats) || seats < 1) {
    throw new VotingError('INVALID_SEATS', `Seats must be a positive whole number, got ${show(seats)}`, {
      seats: show(seats),
    });
  }
  const minimum = minimumPerUnit ?? 0;
  if (!Number.isSafeInteger(minimum) || minimum < 0 || minimum * units.length > seats) {
    throw new VotingError(
      'INVALID_MINIMUM',
      `A minimum of ${show(minimum)} per unit for ${units.length} units does not fit in ${seats} seats`,
      { minimumPerUnit: show(minimum), units: units.length, seats },
    );
  }
  const ids = new Set<string>();
  for (const unit of units) {
    if (typeof unit?.id !== 'string' || unit.id.length === 0) {
      throw new VotingError('INVALID_UNIT', 'Every unit needs an id');
    }
    if (ids.has(unit.id)) throw new VotingError('DUPLICATE_UNIT', `Unit ${unit.id} is listed twice`, { unit: unit.id });
    ids.add(unit.id);
  }
  const populations = units.map(readPopulation);
  const total = populations.reduce((sum, value) => sum + value, 0n);
  if (total === 0n) {
    throw new VotingError('INVALID_POPULATION', 'At least one unit needs a population above zero');
  }

  const book = new LotBook(seed);
  const allocated = new Array<number>(units.length).fill(minimum);
  const awards: SeatAward[] = [];
  const nextQuotients: ApportionmentResult['nextQuotients'][number][] = [];
  const hamiltonRounds: HamiltonRound[] = [];

  if (method === 'hamilton') {
    apportionHamilton(units, populations, seats, minimum, allocated, hamiltonRounds, book);
  } else {
    const divisor = (held: number): number => (method === 'dhondt' ? held + 1 : 2 * held + 1);
    // a / b > c / d  ⇔  a·d > c·b for positive denominators. Plain numbers are exact while every
    // such product stays below 2^53; beyond that the comparison goes through bigint.
    const largest = populations.reduce((max, value) => (value > max ? value : max), 0n);
    const exactInNumbers = largest * BigInt(divisor(seats)) <= BigInt(Number.MAX_SAFE_INTEGER);
    const small = populations.map(Number);
    const cross = exactInNumbers
      ? (i: number, j: number): number => small[i] * divisor(allocated[j]) - small[j] * divisor(allocated[i])
      : (i: number, j: number): number => {
          const difference =
            populations[i] * BigInt(divisor(allocated[j])) - populations[j] * BigInt(divisor(allocated[i]));
          return difference > 0n ? 1 : difference < 0n ? -1 : 0;
        };
    const greater = (i: number, j: number): boolean => cross(i, j) > 0;
    const equal = (i: number, j: number): boolean => cross(i, j) === 0;
    const heap = new MaxHeap((i, j) => greater(i, j) || (equal(i, j) && i < j));
    units.forEach((_, i) => heap.push(i));
    let left = seats - minimum * units.length;
    let seat = minimum * units.length;
    while (left > 0) {
      const best = heap.pop() as number;
      const tied = [best];
      while (heap.size > 0 && equal(heap.peek() as number, best)) tied.push(heap.pop() as number);
      let winners = tied;
      const byLot = tied.length > left;
      if (byLot) {
        const drawn = book.order(
          `${method}/seat-${seat + 1}`,
          tied.map((i) => units[i].id),
        );
        const chosen = new Set(drawn.slice(0, left));
        winners = tied.filter((i) => chosen.has(units[i].id));
      }
      for (const i of winners) {
        const d = divisor(allocated[i]);
        awards.push({
          seat: ++seat,
          unit: units[i].id,
          divisor: d,
          quotient: quotient(Rational.of(populations[i], d)),
          byLot,
        });
        allocated[i]++;
        left--;
      }
      for (const i of tied) heap.push(i);
    }
    units.forEach((unit, i) => {
      const d = divisor(allocated[i]);
      nextQuotients.push({ unit: unit.id, divisor: d, quotient: quotient(Rational.of(populations[i], d)) });
    });
  }

  return {
    method,
    seats,
    minimumPerUnit: minimum,
    totalPopulation: total.toString(),
    allocations: units.map((unit, i) => ({ id: unit.id, population: populations[i].toString(), seats: allocated[i] })),
    awards,
    nextQuotients,
    hamiltonRounds,
    lots: book.lots,
  };
}

function apportionHamilton(
  units: readonly ApportionmentUnit[],
  populations: readonly bigint[],
  seats: number,
  minimum: number,
  allocated: number[],
  rounds: HamiltonRound[],
  book: LotBook,
): void {
  const fixed = new Set<number>();
  for (;;) {
    const free = units.map((_, i) => i).filter((i) => !fixed.has(i));
    const roundSeats = seats - minimum * fixed.size;
    const population = free.reduce((sum, i) => sum + populations[i], 0n);
    // With no population left to share by, every unit's quota is equal (zero), and the lot decides.
    const quotas = free.map((i) =>
      population === 0n ? Rational.ZERO : Rational.of(populations[i] * BigInt(roundSeats), population),
    );
    const floors = quotas.map((q) => Number(q.floor()));
    const remainders = quotas.map((q, k) => q.sub(Rational.of(floors[k])));
    let extra = roundSeats - floors.reduce((sum, value) => sum + value, 0);
    const ranked = free.map((_, k) => k).sort((a, b) => remainders[b].compare(remainders[a]) || a - b);
    const gets = new Set<number>();
    const byLot = new Set<number>();
    for (let i = 0; i < ranked.length && extra > 0;) {
      let j = i + 1;
      while (j < ranked.length && remainders[ranked[j]].equals(remainders[ranked[i]])) j++;
      const tied = ranked.slice(i, j);
      if (tied.length <= extra) {
        tied.forEach((k) => gets.add(k));
        extra -= tied.length;
      } else {
        const drawn = book.order(
          `hamilton/round-${rounds.length + 1}/remainders`,
          tied.map((k) => units[free[k]].id),
        );
        const chosen = new Set(drawn.slice(0, extra));
        tied.forEach((k) => {
          byLot.add(k);
          if (chosen.has(units[free[k]].id)) gets.add(k);
        });
        extra = 0;
      }
      i = j;
    }
    const below: number[] = [];
    free.forEach((i, k) => {
      allocated[i] = floors[k] + (gets.has(k) ? 1 : 0);
      if (allocated[i] < minimum) below.push(i);
    });
    rounds.push({
      seats: roundSeats,
      population: population.toString(),
      lines: free.map((i, k) => ({
        unit: units[i].id,
        quota: quotient(quotas[k]),
        floor: floors[k],
        remainder: quotient(remainders[k]),
        extraSeat: gets.has(k),
        byLot: byLot.has(k),
      })),
      raisedToMinimum: below.map((i) => units[i].id),
    });
    if (below.length === 0) return;
    for (const i of below) {
      fixed.add(i);
      allocated[i] = minimum;
    }
  }
}

/** A binary max-heap of unit positions under a strict "comes before" order. */
class MaxHeap {
  private readonly items: number[] = [];

  constructor(private readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  push(item: number): void {
    const items = this.items;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(items[at], items[parent])) break;
      [items[at], items[parent]] = [items[parent], items[at]];
      at = parent;
    }
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as number;
    if (items.length > 0) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let best = at;
        if (left < items.length && this.before(items[left], items[best])) best = left;
        if (right < items.length && this.before(items[right], items[best])) best = right;
        if (best === at) break;
        [items[at], items[best]] = [items[best], items[at]];
        at = best;
      }
    }
    return top;
  }
}
