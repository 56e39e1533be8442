import fc from 'fast-check';
import { parseBlt } from './blt';
import { BLT_42, BLT_513, BLT_SC } from './fixtures/droop-examples';
import { groupRankings, seededRandom, shuffled } from './fixtures/random';
import { countScottishStv, ScottishStvResult } from './scottish-stv';
import { StvBallot } from './stv';

const votesAt = (result: ScottishStvResult, stage: number): string[] =>
  result.stages[stage - 1].tally.map((line) => line.votes);

/** Sum of every candidate's votes, the non-transferable papers and the loss of fractions, in units. */
const accounted = (stage: ScottishStvResult['stages'][number]): number =>
  [...stage.tally.map((line) => line.votes), stage.nonTransferable, stage.lossOfFractions]
    .map((text) => Math.round(Number(text) * 100_000))
    .reduce((sum, units) => sum + units, 0);

describe('countScottishStv', () => {
  describe('reproduces the reference counts of Droop (Scottish rules, validated against eSTV)', () => {
    it('SC.blt: 94 ballots, 13 candidates, 4 seats, stage by stage', () => {
      const election = parseBlt(BLT_SC);
      const result = countScottishStv(election.candidates, election.ballots, { seats: election.seats, seed: 'sc' });
      expect(result.quota).toBe(19);
      expect(result.ballots).toEqual({ valid: 94, blank: 0 });
      expect(result.stages).toHaveLength(13);

      // Candidate order: Dickinson, Mookerjee, Sevigny, LaMarche, Piacsek, Write-In 2, Rotzler,
      // Olsen, Jones, Write-In 1, Greenfield, Leas, Kramer.
      const z = '0.00000';
      expect(votesAt(result, 1)).toEqual(
        ['6', '3', '8', '22', '2', '0', '33', '1', '1', '0', '0', '0', '18'].map((v) => `${v}.00000`),
      );
      expect(votesAt(result, 2)).toEqual([
        '6.84848',
        '3.42424',
        '8.42424',
        '22.00000',
        '2.42424',
        z,
        '19.00000',
        '12.45448',
        '1.42424',
        z,
        z,
        z,
        '18.00000',
      ]);
      const afterLaMarche = [
        '7.80300',
        '3.56060',
        '9.24240',
        '19.00000',
        '2.69696',
        z,
        '19.00000',
        '12.72720',
        '1.42424',
        z,
        z,
        z,
        '18.54544',
      ];
      for (const stage of [3, 4, 5, 6, 7]) expect(votesAt(result, stage)).toEqual(afterLaMarche);
      expect(votesAt(result, 8)).toEqual([
        '7.80300',
        '3.56060',
        '9.24240',
        '19.00000',
        '2.69696',
        z,
        '19.00000',
        '14.15144',
        z,
        z,
        z,
        z,
        '18.54544',
      ]);
      expect(votesAt(result, 9)).toEqual([
        '8.80300',
        '3.69696',
        '9.24240',
        '19.00000',
        z,
        z,
        '19.00000',
        '14.57568',
        z,
        z,
        z,
        z,
        '19.68180',
      ]);
      expect(votesAt(result, 10)).toEqual([
        '9.01084',
        '3.95360',
        '9.45496',
        '19.00000',
        z,
        z,
        '19.00000',
        '14.57568',
        z,
        z,
        z,
        z,
        '19.00000',
      ]);
      expect(votesAt(result, 11)).toEqual([
        '9.36448',
        z,
        '10.59132',
        '19.00000',
        z,
        z,
        '19.00000',
        '15.61032',
        z,
        z,
        z,
        z,
        '19.00000',
      ]);
      expect(votesAt(result, 12)).toEqual([
        z,
        z,
        '16.62204',
        '19.00000',
        z,
        z,
        '19.00000',
        '16.59988',
        z,
        z,
        z,
        z,
        '19.00000',
      ]);
      expect(votesAt(result, 13)).toEqual([z, z, '18.59172', '19.00000', z, z, '19.00000', z, z, z, z, z, '19.00000']);
      expect(result.stages.map((stage) => stage.nonTransferable)).toEqual([
        ...Array(9).fill(z),
        '0.00472',
        '1.43368',
        '3.77788',
        '18.40808',
      ]);

      const actions = result.stages.map((stage) =>
        stage.action.kind === 'first-preferences' ? 'first' : `${stage.action.kind}:${stage.action.candidate}`,
      );
      expect(actions[1]).toBe('surplus:Rebecca Rotzler');
      expect(actions[2]).toBe('surplus:Pat LaMarche');
      expect(actions.slice(3, 7).sort()).toEqual([
        'exclusion:Jimmy Leas',
        'exclusion:Steve Greenfield',
        'exclusion:Write-In 1',
        'exclusion:Write-In 2',
      ]);
      expect(actions.slice(7)).toEqual([
        'exclusion:Jason Jones',
        'exclusion:Michael Piacsek',
        'surplus:Steve Kramer',
        'exclusion:Kirit Mookerjee',
        'exclusion:Budd Dickinson',
        'exclusion:Kristen Olsen',
      ]);
      // Kramer's surplus holds papers of two values; each carries its own transfer value.
      expect(result.stages[9].action).toEqual({
        kind: 'surplus',
        candidate: 'Steve Kramer',
        surplus: '0.68180',
        votes: '19.68180',
        parcels: [
          { value: '1.00000', papers: 19, transferValue: '0.03464' },
          { value: '0.13636', papers: 5, transferValue: '0.00472' },
        ],
        nonTransferablePapers: 1,
      });
      expect(result.elected).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Tom Sevigny']);
      expect(result.stages[12].elected).toEqual([{ candidate: 'Tom Sevigny', reason: 'last-vacancies' }]);
      expect(result.alternates.slice(0, 5)).toEqual([
        'Kristen Olsen',
        'Budd Dickinson',
        'Kirit Mookerjee',
        'Michael Piacsek',
        'Jason Jones',
      ]);
      // Four candidates tied on zero at every stage: the rules can only exclude them by lot.
      expect(result.stages[3].tieBreaks[0]).toMatchObject({ purpose: 'exclusion', stagesConsulted: [] });
      expect(result.lots.map((lot) => lot.context)).toEqual([
        'scottish-stv/stage-4/exclusion',
        'scottish-stv/stage-5/exclusion',
        'scottish-stv/stage-6/exclusion',
      ]);
      for (const stage of result.stages) expect(accounted(stage)).toBe(94 * 100_000);
    });

    it('42.blt and 513.blt: a surplus that exhausts on exclusion, and the last vacancy filled', () => {
      const e42 = parseBlt(BLT_42);
      const r42 = countScottishStv(e42.candidates, e42.ballots, { seats: 2 });
      expect(r42.quota).toBe(3);
      expect(r42.stages.map((s) => s.tally.map((l) => l.votes))).toEqual([
        ['4.00000', '0.00000', '2.00000'],
        ['3.00000', '1.00000', '2.00000'],
        ['3.00000', '0.00000', '2.00000'],
      ]);
      expect(r42.stages[2].nonTransferable).toBe('1.00000');
      expect(r42.elected).toEqual(['Castor', 'Helen']);

      const e513 = parseBlt(BLT_513);
      const r513 = countScottishStv(e513.candidates, e513.ballots, { seats: 2 });
      expect(r513.quota).toBe(4);
      expect(r513.stages.map((s) => s.tally.map((l) => l.votes))).toEqual([
        ['5.00000', '1.00000', '3.00000'],
        ['4.00000', '2.00000', '3.00000'],
        ['4.00000', '0.00000', '3.00000'],
      ]);
      expect(r513.elected).toEqual(['Castor', 'Helen']);
      expect(r513.alternates).toEqual(['Pollux']);
    });
  });

  it('settles an exclusion tie by the most recent earlier stage at which the votes differed (rule 51)', () => {
    // Stage 1: A 10 (elected, quota 7), B 3, C 4, D 1. Stage 2: A's surplus is non-transferable.
    // Stage 3: D is excluded, B reaches 4 = C. Stage 4: B and C tie; stage 3 is level, stage 2 is not.
    const result = countScottishStv(
      ['A', 'B', 'C', 'D'],
      [
        { ranking: ['A'], count: 10 },
        { ranking: ['B'], count: 3 },
        { ranking: ['C'], count: 4 },
        { ranking: ['D', 'B'], count: 1 },
      ],
      { seats: 2 },
    );
    expect(result.quota).toBe(7);
    expect(result.stages[1].action).toMatchObject({ kind: 'surplus', candidate: 'A', surplus: '3.00000' });
    expect(result.stages[1].nonTransferable).toBe('3.00000');
    expect(result.stages[3].action).toMatchObject({ kind: 'exclusion', candidate: 'B' });
    expect(result.stages[3].tieBreaks).toEqual([
      { purpose: 'exclusion', tied: ['B', 'C'], order: ['B'], stagesConsulted: [2], lot: null },
    ]);
    expect(result.stages[3].elected).toEqual([{ candidate: 'C', reason: 'last-vacancies' }]);
    expect(result.elected).toEqual(['A', 'C']);
    expect(result.alternates).toEqual(['B', 'D']);
    expect(result.lots).toEqual([]);
  });

  it('counts an empty ballot as blank, outside the quota', () => {
    const result = countScottishStv(
      ['A', 'B'],
      [
        { ranking: ['A'], count: 2 },
        { ranking: [], count: 5 },
      ],
      { seats: 1 },
    );
    expect(result.ballots).toEqual({ valid: 2, blank: 5 });
    expect(result.quota).toBe(2);
    expect(result.elected).toEqual(['A']);
  });

  it('rejects bad seats, unknown candidates, double rankings and equal rankings', () => {
    const c = ['A', 'B', 'C'];
    expect(() => countScottishStv(c, [], { seats: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
    expect(() => countScottishStv(c, [], { seats: 4 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
    expect(() => countScottishStv(c, [], { seats: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_SEATS' }));
    expect(() => countScottishStv(c, [{ ranking: ['A', 'X'] }], { seats: 1 })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CANDIDATE' }),
    );
    expect(() => countScottishStv(c, [{ ranking: ['A', 'B', 'A'] }], { seats: 1 })).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_RANKING' }),
    );
    expect(() => countScottishStv(c, [{ ranking: ['A', ['B', 'C']] as unknown as string[] }], { seats: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_BALLOT' }),
    );
  });

  it('asks no seed when the only tie is the order of candidates elected together: they keep the listing order', () => {
    // A and B both reach the quota (3) at stage 1 with 3 votes each: both are elected, whatever
    // their order, so no lot is drawn and no seed is needed.
    const ballots: StvBallot[] = [
      { ranking: ['B'], count: 3 },
      { ranking: ['A'], count: 3 },
      { ranking: ['C'], count: 1 },
    ];
    const result = countScottishStv(['A', 'B', 'C'], ballots, { seats: 2 });
    expect(result.elected).toEqual(['A', 'B']);
    expect(result.lots).toEqual([]);
    expect(result.stages[0].tieBreaks).toEqual([
      { purpose: 'election-order', tied: ['A', 'B'], order: ['A', 'B'], stagesConsulted: [], lot: null },
    ]);
  });

  it('asks for a seed when only a lot can settle a tie', () => {
    const ballots: StvBallot[] = [{ ranking: ['A'] }, { ranking: ['B'] }, { ranking: ['C'], count: 2 }];
    expect(() => countScottishStv(['A', 'B', 'C'], ballots, { seats: 1 })).toThrow(
      expect.objectContaining({
        code: 'LOT_SEED_REQUIRED',
        details: { context: 'scottish-stv/stage-2/exclusion', tied: ['A', 'B'] },
      }),
    );
    const seeded = countScottishStv(['A', 'B', 'C'], ballots, { seats: 1, seed: 'public-seed' });
    expect(seeded.lots).toHaveLength(1);
    expect(seeded.elected).toEqual(['C']);
  });

  const election = fc.integer({ min: 1, max: 7 }).chain((n) => {
    const candidates = Array.from({ length: n }, (_, i) => `C${i}`);
    return fc.record({
      candidates: fc.constant(candidates),
      seats: fc.integer({ min: 1, max: n }),
      ballots: fc.array(
        fc.record({
          ranking: fc.shuffledSubarray(candidates, { minLength: 0 }),
          count: fc.integer({ min: 1, max: 20 }),
        }),
        { maxLength: 40 },
      ),
    });
  });

  it('always fills exactly the seats asked, accounts for every vote, and orders every candidate once', () => {
    fc.assert(
      fc.property(election, ({ candidates, seats, ballots }) => {
        const result = countScottishStv(candidates, ballots, { seats, seed: 'p' });
        expect(result.elected).toHaveLength(seats);
        expect([...result.order].sort()).toEqual([...candidates].sort());
        for (const stage of result.stages) expect(accounted(stage)).toBe(result.ballots.valid * 100_000);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result whatever the order of the ballots, grouped or not', () => {
    fc.assert(
      fc.property(election, fc.integer(), ({ candidates, seats, ballots }, seed) => {
        const once = countScottishStv(candidates, ballots, { seats, seed: 'p' });
        expect(countScottishStv(candidates, shuffled(seededRandom(seed), ballots), { seats, seed: 'p' })).toEqual(once);
        const oneByOne = ballots.flatMap(({ ranking, count }) => Array.from({ length: count }, () => ranking));
        const regrouped = groupRankings(shuffled(seededRandom(seed + 1), oneByOne));
        expect(countScottishStv(candidates, regrouped, { seats, seed: 'p' })).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });
});
