import fc from 'fast-check';
import { seededRandom, shuffled } from './fixtures/random';
import { countYesNo, YesNoBallot } from './majority';

const tally = (yes: number, no: number, abstain: number): YesNoBallot[] => [
  { choice: 'yes', count: yes },
  { choice: 'no', count: no },
  { choice: 'abstain', count: abstain },
];

describe('countYesNo', () => {
  it('simple majority: more yes than no, abstentions excluded', () => {
    expect(countYesNo(tally(10, 9, 50), { threshold: { kind: 'simple-majority' } }).outcome).toBe('adopted');
    const tie = countYesNo(tally(10, 10, 0), { threshold: { kind: 'simple-majority' } });
    expect(tie.outcome).toBe('rejected');
    expect(tie.threshold).toEqual({
      kind: 'simple-majority',
      fraction: '1/2',
      of: 'cast',
      comparison: 'more-than',
      base: '20',
      required: '10',
      met: false,
    });
  });

  it('two thirds of votes cast: exactly two thirds is enough', () => {
    expect(countYesNo(tally(20, 10, 5), { threshold: { kind: 'two-thirds' } }).outcome).toBe('adopted');
    expect(countYesNo(tally(19, 10, 5), { threshold: { kind: 'two-thirds' } }).outcome).toBe('rejected');
  });

  it('absolute majority of the electorate counts everyone entitled to vote', () => {
    const options = { threshold: { kind: 'absolute-majority' as const }, electorate: 100 };
    expect(countYesNo(tally(50, 0, 0), options).outcome).toBe('rejected');
    expect(countYesNo(tally(51, 49, 0), options).outcome).toBe('adopted');
    expect(() => countYesNo(tally(1, 0, 0), { threshold: { kind: 'absolute-majority' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ELECTORATE' }),
    );
    expect(() => countYesNo(tally(80, 30, 0), options)).toThrow(
      expect.objectContaining({ code: 'INVALID_ELECTORATE' }),
    );
  });

  it('any fraction as a rational, of any base, "more than" or "at least"', () => {
    // An interim decision: at least 80% of the committee.
    const committee = {
      threshold: {
        kind: 'fraction' as const,
        fraction: '4/5',
        of: 'electorate' as const,
        comparison: 'at-least' as const,
      },
      electorate: 11,
    };
    expect(countYesNo(tally(9, 1, 1), committee).outcome).toBe('adopted'); // 9 ≥ 8.8
    expect(countYesNo(tally(8, 0, 3), committee).outcome).toBe('rejected');
    const withAbstentions = {
      threshold: {
        kind: 'fraction' as const,
        fraction: '0.5',
        of: 'cast-and-abstentions' as const,
        comparison: 'more-than' as const,
      },
    };
    expect(countYesNo(tally(10, 2, 8), withAbstentions).outcome).toBe('rejected');
    expect(() =>
      countYesNo([], { threshold: { kind: 'fraction', fraction: '3/2', of: 'cast', comparison: 'at-least' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_THRESHOLD' }));
    expect(() =>
      countYesNo([], { threshold: { kind: 'fraction', fraction: 0.5, of: 'cast', comparison: 'at-least' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_RATIONAL' }));
  });

  it('a quorum of the electorate or of those present, counting abstentions as participation', () => {
    const options = {
      threshold: { kind: 'simple-majority' as const },
      quorum: { fraction: '1/3', of: 'electorate' as const },
      electorate: 30,
    };
    const short = countYesNo(tally(5, 1, 3), options);
    expect(short.outcome).toBe('no-quorum');
    expect(short.quorum).toEqual({ fraction: '1/3', of: 'electorate', base: '30', required: '10', met: false });
    expect(countYesNo(tally(5, 1, 4), options).outcome).toBe('adopted');
    const present = countYesNo(tally(3, 1, 0), {
      threshold: { kind: 'simple-majority' },
      quorum: { fraction: '1/2', of: 'present' },
      present: 10,
    });
    expect(present.outcome).toBe('no-quorum');
  });

  it('weights voters by exact rationals', () => {
    const result = countYesNo(
      [
        { choice: 'yes', weight: '1/3', count: 2 },
        { choice: 'no', weight: '2/3' },
        { choice: 'yes', weight: { numerator: 1, denominator: 6 } },
        { choice: 'abstain', weight: 5n },
      ],
      { threshold: { kind: 'simple-majority' } },
    );
    expect(result.tally).toEqual({ yes: '5/6', no: '2/3', abstain: '5' });
    expect(result.voters).toEqual({ yes: 3, no: 1, abstain: 1 });
    expect(result.outcome).toBe('adopted');
    expect(() => countYesNo([{ choice: 'yes', weight: '0' }], { threshold: { kind: 'simple-majority' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHT' }),
    );
  });

  it('rejects an unknown choice or a bad count', () => {
    expect(() => countYesNo([{ choice: 'maybe' as 'yes' }], { threshold: { kind: 'simple-majority' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_BALLOT' }),
    );
    expect(() => countYesNo([{ choice: 'yes', count: 1.5 }], { threshold: { kind: 'simple-majority' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_BALLOT' }),
    );
  });

  it('does not depend on the order or grouping of ballots', () => {
    const ballot = fc.record({
      choice: fc.constantFrom<'yes' | 'no' | 'abstain'>('yes', 'no', 'abstain'),
      weight: fc.option(fc.constantFrom('1/2', '2', '3/7'), { nil: undefined }),
      count: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 40 }), fc.integer(), (ballots, seed) => {
        const options = { threshold: { kind: 'two-thirds' as const } };
        const once = countYesNo(ballots, options);
        const single = ballots.flatMap((b) => Array.from({ length: b.count }, () => ({ ...b, count: undefined })));
        expect(countYesNo(shuffled(seededRandom(seed), single), options)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});
