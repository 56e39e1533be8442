import fc from 'fast-check';
import { countApproval } from './approval';
import { apportion } from './apportionment';
import { countYesNo } from './majority';
import { countMeekStv } from './meek-stv';
import { countSchulze } from './schulze';
import { countScottishStv } from './scottish-stv';
import { VotingError } from './voting.errors';

/** Whatever a caller passes, a count either returns or throws a VotingError: never a TypeError. */
const onlyVotingErrors = (run: () => unknown): void => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof VotingError)) throw error;
  }
};

describe('malformed input', () => {
  const junk = fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true });
  const names = fc.oneof(fc.constant(['A', 'B', 'C']), junk);
  const ballots = fc.oneof(
    fc.array(
      fc.record(
        {
          ranking: fc.oneof(fc.array(fc.constantFrom('A', 'B', 'C', 'D')), junk),
          approved: fc.oneof(fc.array(fc.constantFrom('A', 'B', 'C')), junk),
          choice: fc.oneof(fc.constantFrom('yes', 'no', 'abstain'), junk),
          count: fc.oneof(fc.integer({ min: -2, max: 5 }), junk),
          weight: fc.oneof(fc.constantFrom('1/2', '2', 0, -1, '0.25'), junk),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 5 },
    ),
    junk,
  );

  it('is refused with a VotingError by every count', () => {
    fc.assert(
      fc.property(names, ballots, junk, fc.integer({ min: -1, max: 4 }), (candidates, list, options, seats) => {
        const c = candidates as string[];
        const b = list as never[];
        onlyVotingErrors(() => countSchulze(c, b, options as never));
        onlyVotingErrors(() => countApproval(c, b, { seats, seed: 's' }));
        onlyVotingErrors(() => countApproval(c, b, options as never));
        onlyVotingErrors(() => countScottishStv(c, b, { seats, seed: 's' }));
        onlyVotingErrors(() => countScottishStv(c, b, options as never));
        onlyVotingErrors(() => countMeekStv(c, b, { seats, seed: 's' }));
        onlyVotingErrors(() => countYesNo(b, { threshold: { kind: 'simple-majority' } }));
        onlyVotingErrors(() => countYesNo(b, options as never));
        onlyVotingErrors(() => apportion(b, { method: 'hamilton', seats, seed: 's' }));
        onlyVotingErrors(() => apportion(b, options as never));
      }),
      { numRuns: 1000 },
    );
  });
});
