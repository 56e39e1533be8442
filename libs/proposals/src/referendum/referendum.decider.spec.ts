import fc from 'fast-check';
import {
  DomainError,
  ForbiddenError,
  InvalidInputError,
  foldEvents,
  paginate,
  summarizePages,
} from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { YesNoChoice } from '../../../voting/src';
import { VoteRules } from '../facts';
import { conventionId, notSecretariat, phases, secretariat } from '../testing/fixtures';
import { CastReferendumBallot, OpenReferendum, ReferendumCommand } from './referendum.commands';
import { referendumDecider } from './referendum.decider';
import { ReferendumEvent, ReferendumOpened, referendumStream } from './referendum.events';
import {
  REFERENDUM_COUNT_PAGE_BYTES,
  ReferendumState,
  publishedCount,
  referendumCountPages,
  tallyReferendum,
} from './referendum.state';

const referendumId = 'r0000000-0000-4000-8000-000000000001';
const openedAt = '2026-07-01T10:00:00.000Z';
const castAt = '2026-07-02T10:00:00.000Z';
const closedAt = '2026-07-10T10:00:00.000Z';
const rules: VoteRules = {
  threshold: { kind: 'fraction', fraction: '2/3', of: 'cast', comparison: 'at-least' },
  quorum: { fraction: '1/4', of: 'electorate' },
};

const open = (overrides: Partial<OpenReferendum['data']> = {}): OpenReferendum => ({
  type: 'OpenReferendum',
  data: {
    referendumId,
    conventionId,
    question: 'Do you ratify the charter adopted by the convention?',
    openedBy: secretariat,
    phase: 'ratification',
    electorateSize: 8,
    rules,
    openedAt,
    ...overrides,
  },
});
const opened: ReferendumOpened = {
  type: 'ReferendumOpened',
  data: {
    referendumId,
    conventionId,
    question: 'Do you ratify the charter adopted by the convention?',
    electorateSize: 8,
    rules,
    openedBy: 'secretary',
    openedAt,
  },
};
const cast = (
  voterKey: string,
  choice: YesNoChoice,
  tracker = `t-${voterKey}`,
  inGoodStanding = true,
): CastReferendumBallot => ({
  type: 'CastReferendumBallot',
  data: { referendumId, voterKey, voter: { inGoodStanding }, tracker, choice, castAt },
});
const castEvent = (voterKey: string, choice: YesNoChoice, tracker = `t-${voterKey}`): ReferendumEvent => ({
  type: 'ReferendumBallotCast',
  data: { referendumId, voterKey, tracker, choice, castAt },
});
const close: ReferendumCommand = { type: 'CloseReferendum', data: { referendumId, closedBy: secretariat, closedAt } };

const spec = DeciderSpecification(referendumDecider);

describe('referendum decider', () => {
  it('names its stream after the referendum', () => {
    expect(referendumStream(referendumId)).toBe(`Referendum-${referendumId}`);
  });

  describe('OpenReferendum', () => {
    it('opens the ratification referendum with the electorate size', () => {
      spec.given([]).when(open()).then([opened]);
    });

    it('opens only in the ratification phase, and only by the secretariat', () => {
      for (const phase of phases.filter((candidate) => candidate !== 'ratification')) {
        spec.given([]).when(open({ phase })).thenThrows(DomainError, 'WRONG_CONVENTION_PHASE');
      }
      spec
        .given([])
        .when(open({ openedBy: notSecretariat }))
        .thenThrows(ForbiddenError, 'NOT_SECRETARIAT');
    });

    it('refuses rules that refer to those present, which a referendum does not have', () => {
      const error = spec
        .given([])
        .when(open({ rules: { threshold: { kind: 'simple-majority' }, quorum: { fraction: '1/2', of: 'present' } } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['rules']);
    });
  });

  describe('CastReferendumBallot', () => {
    it('records a secret ballot under the voter key, with its tracker', () => {
      spec
        .given([opened])
        .when(cast('k1', 'yes'))
        .then([castEvent('k1', 'yes')]);
    });

    it('refuses a member who is not in good standing, such as one who resigned', () => {
      spec
        .given([opened])
        .when(cast('k1', 'yes', 't-1', false))
        .thenThrows(ForbiddenError, 'VOTER_NOT_IN_GOOD_STANDING');
    });

    it('lets a voter replace their ballot until the close, and refuses a tracker another ballot holds', () => {
      spec
        .given([opened, castEvent('k1', 'yes')])
        .when(cast('k1', 'no', 't-new'))
        .then([castEvent('k1', 'no', 't-new')]);
      spec
        .given([opened, castEvent('k1', 'yes')])
        .when(cast('k1', 'yes'))
        .thenNothingHappened();
      spec
        .given([opened, castEvent('k1', 'yes')])
        .when(cast('k2', 'no', 't-k1'))
        .thenThrows(DomainError, 'TRACKER_TAKEN');
    });

    it('refuses a ballot after the close', () => {
      const closed = referendumDecider.decide(close, foldEvents(referendumDecider, [opened]));
      spec
        .given([opened, ...closed])
        .when(cast('k1', 'yes'))
        .thenThrows(DomainError, 'REFERENDUM_CLOSED');
    });

    it('refuses more ballots than the electorate has voters', () => {
      const full = Array.from({ length: 8 }, (_, index) => castEvent(`k${index}`, 'yes'));
      spec
        .given([opened, ...full])
        .when(cast('k99', 'no'))
        .thenThrows(DomainError, 'ELECTORATE_EXCEEDED');
    });
  });

  describe('CloseReferendum', () => {
    it('draws the line first, once: a second close completes the count instead of closing again', () => {
      const line: ReferendumEvent = {
        type: 'ReferendumVotingClosed',
        data: { referendumId, closedBy: 'secretary', closedAt },
      };
      spec
        .given([opened, castEvent('k1', 'yes')])
        .when(close)
        .then([line]);
      spec.given([opened, line]).when(close).thenNothingHappened();
      spec.given([opened, line]).when(cast('k1', 'no')).thenThrows(DomainError, 'REFERENDUM_CLOSED');
    });
    it('records the tally of the count below the line with its pages summary, without voter keys', () => {
      const line: ReferendumEvent = {
        type: 'ReferendumVotingClosed',
        data: { referendumId, closedBy: 'secretary', closedAt },
      };
      const count = publishedCount([
        { voterKey: 'k2', tracker: 't-b', choice: 'yes' },
        { voterKey: 'k1', tracker: 't-c', choice: 'no' },
        { voterKey: 'k3', tracker: 't-a', choice: 'yes' },
      ]);
      expect(count.map((line) => line.tracker)).toEqual(['t-a', 't-b', 't-c']);
      const pages = summarizePages(referendumCountPages(count));
      const countCommand: ReferendumCommand = {
        type: 'CountReferendum',
        data: { referendumId, count, pages, countedAt: closedAt },
      };
      const [counted] = referendumDecider.decide(countCommand, foldEvents(referendumDecider, [opened, line]));
      expect(counted).toEqual({
        type: 'ReferendumCounted',
        data: {
          referendumId,
          tally: tallyReferendum({ electorateSize: 8, rules }, [
            { choice: 'yes' },
            { choice: 'no' },
            { choice: 'yes' },
          ]),
          pageCount: 1,
          itemCount: 3,
          digest: pages.digest,
          countedAt: closedAt,
        },
      });
      expect(counted.type === 'ReferendumCounted' && counted.data.tally.outcome).toBe('adopted');
      expect(JSON.stringify(counted)).not.toContain('k1');
      spec.given([opened]).when(countCommand).thenThrows(DomainError, 'REFERENDUM_STILL_OPEN');
      spec.given([opened, line, counted]).when(countCommand).thenThrows(DomainError, 'REFERENDUM_CLOSED');
      spec.given([opened, line, counted]).when(close).thenThrows(DomainError, 'REFERENDUM_CLOSED');
      spec
        .given([opened, line])
        .when({ ...countCommand, data: { ...countCommand.data, pages: { ...pages, itemCount: 2 } } })
        .thenThrows(InvalidInputError);
    });
    it('reads the one-event close of stores written before the count was paged', () => {
      const legacy: ReferendumEvent = {
        type: 'ReferendumClosed',
        data: {
          referendumId,
          tally: tallyReferendum({ electorateSize: 8, rules }, [{ choice: 'yes' }]),
          count: [{ tracker: 't-a', choice: 'yes' }],
          closedBy: 'secretary',
          closedAt,
        },
      };
      expect(foldEvents(referendumDecider, [opened, castEvent('k1', 'yes'), legacy]).status).toBe('closed');
      spec.given([opened, legacy]).when(close).thenThrows(DomainError, 'REFERENDUM_CLOSED');
    });
    it('refuses anyone but the secretariat', () => {
      spec
        .given([opened])
        .when({ type: 'CloseReferendum', data: { referendumId, closedBy: notSecretariat, closedAt } })
        .thenThrows(ForbiddenError, 'NOT_SECRETARIAT');
    });
  });

  describe('published count pages', () => {
    it('cuts the count exactly where measuring every line as JSON would, each page within the budget', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              tracker: fc.oneof(fc.stringMatching(/^[0-9a-f]{4}(-[0-9a-f]{4}){4}$/), fc.string({ maxLength: 30 })),
              choice: fc.constantFrom<YesNoChoice>('yes', 'no', 'abstain'),
            }),
            { maxLength: 300 },
          ),
          (lines) => {
            const pages = referendumCountPages(lines);
            expect(pages).toEqual(paginate(lines, REFERENDUM_COUNT_PAGE_BYTES));
          },
        ),
      );
      const many = Array.from({ length: 40_000 }, (_, index) => ({
        tracker: index.toString(16).padStart(20, '0'),
        choice: 'yes' as const,
      }));
      const pages = referendumCountPages(many);
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        expect(new TextEncoder().encode(JSON.stringify(page.items)).length).toBeLessThanOrEqual(
          REFERENDUM_COUNT_PAGE_BYTES,
        );
      }
      expect(pages).toEqual(paginate(many, REFERENDUM_COUNT_PAGE_BYTES));
    });
  });

  describe('properties', () => {
    const ballot = fc.record({
      voter: fc.integer({ min: 1, max: 8 }),
      choice: fc.constantFrom<YesNoChoice>('yes', 'no', 'abstain'),
    });

    it('a closed referendum never takes a ballot, and its tally never depends on ballot order', () => {
      fc.assert(
        fc.property(fc.array(ballot, { maxLength: 20 }), fc.array(ballot, { maxLength: 5 }), (before, after) => {
          let state = foldEvents(referendumDecider, [opened]);
          const history: ReferendumEvent[] = [];
          before.forEach(({ voter, choice }, index) => {
            const events = referendumDecider.decide(cast(`k${voter}`, choice, `t-${index}`), state);
            history.push(...events);
            state = events.reduce(referendumDecider.evolve, state);
          });
          const closing = closeAndCount(state);
          const reversed = closeAndCount(foldEvents(referendumDecider, [opened, ...dedupeLatest(history).reverse()]));
          expect(reversed).toEqual(closing);
          state = closing.reduce(referendumDecider.evolve, state);
          for (const { voter, choice } of after) {
            expect(() => referendumDecider.decide(cast(`k${voter}`, choice, `t-late-${voter}`), state)).toThrow(
              expect.objectContaining({ code: 'REFERENDUM_CLOSED' }),
            );
          }
          expect(foldEvents(referendumDecider, JSON.parse(JSON.stringify([opened, ...history, ...closing])))).toEqual(
            state,
          );
        }),
      );
    });
  });
});

/** The line, then the count of the ballots below it, as the close handler records them. */
function closeAndCount(state: ReferendumState): ReferendumEvent[] {
  const line = referendumDecider.decide(close, state);
  const closing = line.reduce(referendumDecider.evolve, state);
  const count = publishedCount(closing.status === 'closing' ? closing.ballots : {});
  const counted = referendumDecider.decide(
    {
      type: 'CountReferendum',
      data: { referendumId, count, pages: summarizePages(referendumCountPages(count)), countedAt: closedAt },
    },
    closing,
  );
  return [...line, ...counted];
}

/** Each voter's latest ballot only, so reordering keeps the same final ballots. */
function dedupeLatest(events: ReferendumEvent[]): ReferendumEvent[] {
  const latest = new Map<string, ReferendumEvent>();
  for (const event of events) if (event.type === 'ReferendumBallotCast') latest.set(event.data.voterKey, event);
  return [...latest.values()];
}
