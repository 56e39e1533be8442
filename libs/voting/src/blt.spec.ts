import fc from 'fast-check';
import { bltCountInput, BltElection, formatBlt, parseBlt } from './blt';
import { BLT_SC } from './fixtures/droop-examples';
import { countScottishStv } from './scottish-stv';
import { VotingError } from './voting.errors';

function refusal(text: string): VotingError {
  try {
    parseBlt(text);
  } catch (error) {
    if (error instanceof VotingError) return error;
    throw error;
  }
  throw new Error(`the file was accepted: ${JSON.stringify(text)}`);
}

describe('BLT ballot files', () => {
  it('reads header, ballots, names and title', () => {
    const election = parseBlt('3 2\n4 1 2 0\n2 3 0\n0\n"Ada Lovelace" "Bo" "Cy"\n"Board 2026"\n');
    expect(election).toEqual({
      title: 'Board 2026',
      seats: 2,
      candidates: ['Ada Lovelace', 'Bo', 'Cy'],
      withdrawn: [],
      tieOrder: null,
      ballots: [
        { ranking: ['Ada Lovelace', 'Bo'], count: 4 },
        { ranking: ['Cy'], count: 2 },
      ],
    });
  });

  it('reads a withdrawn-candidates line as withdrawals, not as a ballot weighing -4', () => {
    const election = parseBlt('4 2\n-4 -2\n3 4 1 0\n1 2 3 0\n0\n"A" "B" "C" "D"\n"T"');
    expect(election.withdrawn).toEqual(['B', 'D']);
    expect(election.ballots.map((ballot) => ballot.count)).toEqual([3, 1]);
    expect(bltCountInput(election)).toEqual({
      candidates: ['A', 'C'],
      ballots: [
        { ranking: ['A'], count: 3 },
        { ranking: ['C'], count: 1 },
      ],
    });
  });

  it("reads Droop's options, ballot ids and comments", () => {
    const election = parseBlt(
      '# exported by a test\n3 1\n[tie 2 3 1]\n[withdrawn 3]\n(b1) 2 1 0  # two alike\n(b2) 1 3 2 0\n0\n"A" "B" "C"\n"T"',
    );
    expect(election.tieOrder).toEqual(['B', 'C', 'A']);
    expect(election.withdrawn).toEqual(['C']);
    expect(election.ballots).toEqual([
      { ranking: ['A'], count: 2, id: 'b1' },
      { ranking: ['C', 'B'], count: 1, id: 'b2' },
    ]);
  });

  it('refuses what it cannot read faithfully, naming the line', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /line 1: the file ends where the number of candidates/],
      ['3 4\n0\n"A" "B" "C"\n"T"', /4 seats for 3 candidates/],
      ['3 1\n1 4 0\n0\n"A" "B" "C"\n"T"', /line 2: "4" is not a candidate number \(1 to 3\)/],
      ['3 1\n1 1 2 1 0\n0\n"A" "B" "C"\n"T"', /line 2: candidate 1 is ranked twice/],
      ['3 1\n1 1=2 0\n0\n"A" "B" "C"\n"T"', /line 2: equal preferences/],
      ['3 1\n1 1 - 2 0\n0\n"A" "B" "C"\n"T"', /line 2: skipped preferences/],
      ['3 1\n1.5 1 0\n0\n"A" "B" "C"\n"T"', /line 2: a ballot weight must be a whole number/],
      ['3 1\n[quota 2]\n0\n"A" "B" "C"\n"T"', /line 2: unknown option \[quota/],
      ['3 1\n[tie 1 2]\n0\n"A" "B" "C"\n"T"', /\[tie \.\.\.\] must list every candidate once/],
      ['3 1\n1 1 0\n0\n"A" "B"\n"T"', /the file ends where the title should be/],
      ['3 1\n1 1 0\n0\n"A" "B" 7\n"T"', /expected the name of candidate 3 in quotes, found 7/],
      ['3 1\n0\n"A" "A" "C"\n"T"', /two candidates are named "A"/],
      ['3 1\n0\n"A" "B" "C"\n"T"\nmore', /line 5: unexpected "more" after the title/],
      ['3 1\n0\n"A" "B" "C\n"T"', /line 3: a quoted name is not closed/],
    ];
    for (const [text, message] of cases) {
      const error = refusal(text);
      expect(error.code).toBe('INVALID_BLT');
      expect(error.message).toMatch(message);
    }
  });

  it('reads the ERS sample file the counts are checked against', () => {
    const election = parseBlt(BLT_SC);
    expect(election.candidates).toHaveLength(13);
    expect(election.seats).toBe(4);
    expect(election.ballots.reduce((sum, ballot) => sum + ballot.count, 0)).toBe(94);
    expect(countScottishStv(election.candidates, election.ballots, { seats: 4, seed: 'sc' }).elected).toHaveLength(4);
  });

  it('writes what it reads back, for any election', () => {
    const election = fc.integer({ min: 1, max: 8 }).chain((size) =>
      fc.record({
        title: fc.string({ maxLength: 20 }).filter((text) => !/["\r\n]/.test(text)),
        seats: fc.integer({ min: 1, max: size }),
        candidates: fc.constant(Array.from({ length: size }, (_, i) => `Candidate ${i + 1}`)),
        withdrawn: fc.subarray(Array.from({ length: size }, (_, i) => `Candidate ${i + 1}`)),
        tieOrder: fc.option(
          fc.shuffledSubarray(
            Array.from({ length: size }, (_, i) => `Candidate ${i + 1}`),
            { minLength: size },
          ),
        ),
        ballots: fc.array(
          fc.record({
            ranking: fc.shuffledSubarray(
              Array.from({ length: size }, (_, i) => `Candidate ${i + 1}`),
              { minLength: 1 },
            ),
            count: fc.integer({ min: 1, max: 1000 }),
          }),
          { maxLength: 30 },
        ),
      }),
    );
    fc.assert(
      fc.property(election, (value) => {
        const written: BltElection = { ...value, tieOrder: value.tieOrder ?? null };
        expect(parseBlt(formatBlt(written))).toEqual(written);
      }),
    );
  });
});
