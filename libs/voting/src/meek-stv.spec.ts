import fc from 'fast-check';
import { parseBlt } from './blt';
import { BLT_42, BLT_513, BLT_SC } from './fixtures/droop-examples';
import { groupRankings, seededRandom, shuffled } from './fixtures/random';
import { countMeekStv, MeekRound, mulUp } from './meek-stv';

const line = (round: MeekRound, candidate: string) => {
  const entry = round.tally.find((t) => t.candidate === candidate)!;
  return `${entry.votes}/${entry.keepFactor}`;
};

describe('mulUp', () => {
  it('is ceil(a × b / 10^9), exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (a, b) => {
        const exact = (BigInt(a) * BigInt(b) + 999_999_999n) / 1_000_000_000n;
        expect(BigInt(mulUp(a, b))).toBe(exact);
      }),
      { numRuns: 2000 },
    );
    expect(mulUp(1e9, 1e9)).toBe(1e9);
    expect(mulUp(999_999_999, 999_999_999)).toBe(999_999_999);
  });
});

describe('countMeekStv', () => {
  it('asks no seed when candidates elected together tie; a seed only when a tie straddles the last seat', () => {
    const together = countMeekStv(
      ['A', 'B', 'C'],
      [
        { ranking: ['B'], count: 3 },
        { ranking: ['A'], count: 3 },
        { ranking: ['C'], count: 1 },
      ],
      { seats: 2 },
    );
    expect(together.elected).toEqual(['A', 'B']);
    expect(together.lots).toEqual([]);
    expect(together.rounds[0].tieBreaks).toEqual([
      { purpose: 'election-order', tied: ['A', 'B'], order: ['A', 'B'], stagesConsulted: [], lot: null },
    ]);
    // Three hopefuls with equal votes for one seat: only a lot can say who is elected.
    const straddling = [{ ranking: ['A'] }, { ranking: ['B'] }, { ranking: ['C'] }];
    expect(() => countMeekStv(['A', 'B', 'C'], straddling, { seats: 1 })).toThrow(
      expect.objectContaining({ code: 'LOT_SEED_REQUIRED' }),
    );
    expect(countMeekStv(['A', 'B', 'C'], straddling, { seats: 1, seed: 'public-seed' }).lots).not.toEqual([]);
  });

  describe('reproduces the reference counts of Droop (PR Foundation Meek reference rule)', () => {
    it('SC.blt: keep factors, quota, surplus and residual round by round', () => {
      const election = parseBlt(BLT_SC);
      const result = countMeekStv(election.candidates, election.ballots, { seats: election.seats, seed: 'sc' });
      const [r1, r2, , , , r6, r7, r8, r9, r10, r11] = result.rounds;
      expect(result.rounds).toHaveLength(11);
      expect(r1).toMatchObject({ iterations: 1, stoppedBecause: 'elected', quota: '18.800000001' });
      expect([...r1.elected].sort()).toEqual(['Pat LaMarche', 'Rebecca Rotzler']);

      expect(r2).toMatchObject({
        quota: '18.800000001',
        votes: '94.000000000',
        surplus: '0.000000906',
        residual: '0.000000000',
      });
      expect(line(r2, 'Budd Dickinson')).toBe('8.006073598/1.000000000');
      expect(line(r2, 'Kirit Mookerjee')).toBe('3.232685848/1.000000000');
      expect(line(r2, 'Tom Sevigny')).toBe('9.408174589/1.000000000');
      expect(line(r2, 'Pat LaMarche')).toBe('18.800000609/0.837944884');
      expect(line(r2, 'Michael Piacsek')).toBe('2.759954125/1.000000000');
      expect(line(r2, 'Rebecca Rotzler')).toBe('18.800000299/0.564156107');
      expect(line(r2, 'Kristen Olsen')).toBe('13.000470959/1.000000000');
      expect(line(r2, 'Jason Jones')).toBe('1.435843893/1.000000000');
      expect(line(r2, 'Steve Kramer')).toBe('18.556796080/1.000000000');
      // Rounds 2 to 5 defeat the four candidates with no votes, in an order only a lot can set.
      expect(
        result.rounds
          .slice(1, 5)
          .map((r) => r.defeated)
          .sort(),
      ).toEqual(['Jimmy Leas', 'Steve Greenfield', 'Write-In 1', 'Write-In 2']);
      expect(r6.defeated).toBe('Jason Jones');
      expect(r7.defeated).toBe('Michael Piacsek');
      expect(line(r7, 'Kristen Olsen')).toBe('14.436314852/1.000000000');

      expect(r8.elected).toEqual(['Steve Kramer']);
      expect(line(r8, 'Budd Dickinson')).toBe('9.006073598/1.000000000');
      expect(line(r8, 'Kirit Mookerjee')).toBe('3.394740964/1.000000000');
      expect(line(r8, 'Pat LaMarche')).toBe('19.165213770/0.837944884');
      expect(line(r8, 'Kristen Olsen')).toBe('14.506945584/1.000000000');
      expect(line(r8, 'Steve Kramer')).toBe('19.718851196/1.000000000');

      expect(r9).toMatchObject({
        quota: '18.799133306',
        votes: '93.995666528',
        surplus: '0.000000455',
        residual: '0.004333472',
        defeated: 'Kirit Mookerjee',
      });
      expect(line(r9, 'Budd Dickinson')).toBe('9.427381450/1.000000000');
      expect(line(r9, 'Kirit Mookerjee')).toBe('3.730149807/1.000000000');
      expect(line(r9, 'Tom Sevigny')).toBe('9.774255128/1.000000000');
      expect(line(r9, 'Pat LaMarche')).toBe('18.799133460/0.811568586');
      expect(line(r9, 'Rebecca Rotzler')).toBe('18.799133416/0.560273860');
      expect(line(r9, 'Kristen Olsen')).toBe('14.666479770/1.000000000');
      expect(line(r9, 'Steve Kramer')).toBe('18.799133497/0.947700149');

      expect(r10).toMatchObject({
        quota: '18.789719295',
        votes: '93.948596472',
        surplus: '0.000000435',
        residual: '0.051403528',
        defeated: 'Budd Dickinson',
      });
      expect(line(r10, 'Budd Dickinson')).toBe('10.204118384/1.000000000');
      expect(line(r10, 'Tom Sevigny')).toBe('11.498644230/1.000000000');
      expect(line(r10, 'Pat LaMarche')).toBe('18.789719457/0.761294327');
      expect(line(r10, 'Rebecca Rotzler')).toBe('18.789719396/0.537679426');
      expect(line(r10, 'Kristen Olsen')).toBe('15.876675538/1.000000000');
      expect(line(r10, 'Steve Kramer')).toBe('18.789719467/0.909783757');

      expect(r11).toMatchObject({
        quota: '18.586296861',
        votes: '92.931484300',
        surplus: '2.104084073',
        residual: '1.068515700',
        elected: ['Kristen Olsen'],
      });
      expect(line(r11, 'Tom Sevigny')).toBe('16.482212783/1.000000000');
      expect(line(r11, 'Pat LaMarche')).toBe('19.087429756/0.602321356');
      expect(line(r11, 'Rebecca Rotzler')).toBe('19.073682122/0.491875685');
      expect(line(r11, 'Kristen Olsen')).toBe('19.085721549/1.000000000');
      expect(line(r11, 'Steve Kramer')).toBe('19.202438090/0.667516215');

      expect(result.completion).toEqual({ elected: [], defeated: ['Tom Sevigny'] });
      expect([...result.elected].sort()).toEqual(['Kristen Olsen', 'Pat LaMarche', 'Rebecca Rotzler', 'Steve Kramer']);
      expect(result.alternates.slice(0, 4)).toEqual([
        'Tom Sevigny',
        'Budd Dickinson',
        'Kirit Mookerjee',
        'Michael Piacsek',
      ]);
    });

    it('513.blt: a defeat decided by nine-decimal rounding (2.999999995 against 3)', () => {
      const election = parseBlt(BLT_513);
      const result = countMeekStv(election.candidates, election.ballots, { seats: 2 });
      expect(result.rounds[1]).toMatchObject({ quota: '3.000000001', surplus: '0.000000004', defeated: 'Pollux' });
      expect(line(result.rounds[1], 'Castor')).toBe('3.000000005/0.600000001');
      expect(line(result.rounds[1], 'Pollux')).toBe('2.999999995/1.000000000');
      expect(line(result.rounds[1], 'Helen')).toBe('3.000000000/1.000000000');
      expect(result.elected).toEqual(['Castor', 'Helen']);
      expect(result.completion.elected).toEqual(['Helen']);
    });

    it('42.blt: Pollux and Helen within the surplus of each other', () => {
      const election = parseBlt(BLT_42);
      const result = countMeekStv(election.candidates, election.ballots, { seats: 2 });
      expect(line(result.rounds[1], 'Castor')).toBe('2.000000004/0.500000001');
      expect(line(result.rounds[1], 'Pollux')).toBe('1.999999996/1.000000000');
      expect(result.rounds[1].defeated).toBe('Pollux');
      expect(result.elected).toEqual(['Castor', 'Helen']);
    });
  });

  it('documents its precision and refuses input it cannot count', () => {
    const result = countMeekStv(['A', 'B'], [{ ranking: ['A'] }, { ranking: [] }], { seats: 1 });
    expect(result.precision).toEqual({ decimals: 9, omega: '0.000001000' });
    expect(result.ballots).toEqual({ valid: 1, blank: 1 });
    expect(() => countMeekStv(['A'], [], { seats: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
    expect(() => countMeekStv(['A'], [{ ranking: ['A'], count: 9_000_001 }], { seats: 1 })).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_BALLOTS' }),
    );
  });

  const election = fc.integer({ min: 1, max: 6 }).chain((n) => {
    const candidates = Array.from({ length: n }, (_, i) => `C${i}`);
    return fc.record({
      candidates: fc.constant(candidates),
      seats: fc.integer({ min: 1, max: n }),
      ballots: fc.array(
        fc.record({
          ranking: fc.shuffledSubarray(candidates, { minLength: 0 }),
          count: fc.integer({ min: 1, max: 20 }),
        }),
        { maxLength: 30 },
      ),
    });
  });

  it('fills exactly the seats asked and is independent of ballot order and grouping', () => {
    fc.assert(
      fc.property(election, fc.integer(), ({ candidates, seats, ballots }, seed) => {
        const once = countMeekStv(candidates, ballots, { seats, seed: 'p' });
        expect(once.elected).toHaveLength(seats);
        expect([...once.order].sort()).toEqual([...candidates].sort());
        expect(countMeekStv(candidates, shuffled(seededRandom(seed), ballots), { seats, seed: 'p' })).toEqual(once);
        const oneByOne = ballots.flatMap(({ ranking, count }) => Array.from({ length: count }, () => ranking));
        expect(countMeekStv(candidates, groupRankings(oneByOne), { seats, seed: 'p' })).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });
});
