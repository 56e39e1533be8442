import fc from 'fast-check';
import { ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { interimDecisionDecider } from './interim-decision.decider';
import {
  InterimDecisionAlreadyProposedError,
  InterimDecisionClosedError,
  InterimDecisionKindNotAllowedError,
  InterimDecisionNotFoundError,
  InterimDecisionStillOpenError,
  NotOnDecidingCommitteeError,
} from './interim-decision.errors';
import {
  DEFAULT_INTERIM_DECISION_RULES,
  InterimDecisionEvent,
  InterimDecisionProposed,
  InterimDecisionRules,
  InterimVote,
  interimDecisionStream,
} from './interim-decision.events';
import { ProposeInterimDecision } from './interim-decision.commands';

const decisionId = 'd1000000-0000-4000-8000-000000000001';
const proposedAt = '2026-03-01T10:00:00.000Z';
const duringVote = '2026-03-05T10:00:00.000Z';
const deadline = '2026-03-15T10:00:00.000Z';
const afterDeadline = '2026-03-16T10:00:00.000Z';

const members = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `m${String(index + 1).padStart(3, '0')}`);
const five = members(5);

function proposed(committee: string[], rules: InterimDecisionRules = DEFAULT_INTERIM_DECISION_RULES) {
  const event: InterimDecisionProposed = {
    type: 'InterimDecisionProposed',
    data: {
      decisionId,
      kind: 'CALL_CONVENTION',
      title: 'Call the founding convention',
      text: 'The convention meets in Lyon.',
      proposedBy: committee[0],
      committee,
      rules,
      deadline,
      proposedAt,
    },
  };
  return event;
}

const voted = (memberId: string, vote: InterimVote, votedAt = duringVote): InterimDecisionEvent => ({
  type: 'InterimDecisionVoteCast',
  data: { decisionId, memberId, vote, votedAt },
});

/** Votes of the given counts, cast by the committee's members in order; the rest stay absent. */
function votes(committee: string[], supports: number, objections: number, abstentions = 0): InterimDecisionEvent[] {
  const ballots: InterimVote[] = [
    ...Array<InterimVote>(supports).fill('support'),
    ...Array<InterimVote>(objections).fill('object'),
    ...Array<InterimVote>(abstentions).fill('abstain'),
  ];
  return ballots.map((vote, index) => voted(committee[index], vote));
}

const proposal = (overrides: Partial<ProposeInterimDecision['data']> = {}): ProposeInterimDecision => ({
  type: 'ProposeInterimDecision',
  data: { ...proposed(five).data, ...overrides },
});

const close = (closedAt = afterDeadline) => ({ type: 'CloseInterimDecision', data: { decisionId, closedAt } }) as const;
const vote = (memberId: string, choice: InterimVote, votedAt = duringVote) =>
  ({ type: 'VoteOnInterimDecision', data: { decisionId, memberId, vote: choice, votedAt } }) as const;

const spec = DeciderSpecification(interimDecisionDecider);

describe('interim decision decider', () => {
  it('names its stream after the decision', () => {
    expect(interimDecisionStream(decisionId)).toBe(`InterimDecision-${decisionId}`);
  });

  describe('ProposeInterimDecision', () => {
    it('records the proposal with the committee snapshot and normalized texts', () => {
      spec
        .given([])
        .when(proposal({ kind: ' CALL_CONVENTION ', title: '  Call the   founding convention ' }))
        .then([proposed(five)]);
    });

    it('accepts a kind the rules allow', () => {
      const rules = { ...DEFAULT_INTERIM_DECISION_RULES, allowedKinds: ['CALL_CONVENTION', 'SET_RULES'] };
      spec
        .given([])
        .when(proposal({ rules }))
        .then([proposed(five, rules)]);
    });

    it('refuses a kind the rules do not allow', () => {
      const error = spec
        .given([])
        .when(proposal({ rules: { ...DEFAULT_INTERIM_DECISION_RULES, allowedKinds: ['SET_RULES'] } }))
        .thenThrows(InterimDecisionKindNotAllowedError, 'DECISION_KIND_NOT_ALLOWED');
      expect(error.category).toBe('FORBIDDEN');
    });

    it('refuses a proposer who is not on the committee', () => {
      spec
        .given([])
        .when(proposal({ proposedBy: 'outsider' }))
        .thenThrows(NotOnDecidingCommitteeError, 'NOT_A_COMMITTEE_MEMBER');
    });

    it('refuses to propose the same decision twice', () => {
      spec
        .given([proposed(five)])
        .when(proposal())
        .thenThrows(InterimDecisionAlreadyProposedError, 'DECISION_ALREADY_PROPOSED');
    });

    it('names every malformed field at once', () => {
      const error = spec
        .given([])
        .when(
          proposal({
            kind: '',
            title: ' ',
            text: '',
            committee: [],
            rules: { minimumSupport: { numerator: 6, denominator: 5 }, maximumObjections: -1, allowedKinds: null },
            deadline: 'soon',
          }),
        )
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual([
        'kind',
        'title',
        'text',
        'committee',
        'rules.minimumSupport.numerator',
        'rules.maximumObjections',
        'deadline',
      ]);
    });

    it.each([
      [{ numerator: 1, denominator: 0 }, 'rules.minimumSupport.denominator'],
      [{ numerator: 0.5, denominator: 1 }, 'rules.minimumSupport.numerator'],
    ])('rejects the support fraction %j', (minimumSupport, field) => {
      const error = spec
        .given([])
        .when(proposal({ rules: { ...DEFAULT_INTERIM_DECISION_RULES, minimumSupport } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual([field]);
    });

    it('rejects a committee that names a member twice', () => {
      const error = spec
        .given([])
        .when(proposal({ committee: [five[0], five[0]] }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['committee']);
    });

    it('rejects a deadline that is not after the proposal', () => {
      const error = spec
        .given([])
        .when(proposal({ deadline: proposedAt }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['deadline']);
    });
  });

  describe('VoteOnInterimDecision', () => {
    it('records a committee member’s vote', () => {
      spec
        .given([proposed(five)])
        .when(vote(five[1], 'support'))
        .then([voted(five[1], 'support')]);
    });

    it('records a changed vote, which replaces the earlier one', () => {
      spec
        .given([proposed(five), voted(five[1], 'support')])
        .when(vote(five[1], 'object', '2026-03-06T10:00:00.000Z'))
        .then([voted(five[1], 'object', '2026-03-06T10:00:00.000Z')]);
    });

    it('does nothing when the vote is unchanged', () => {
      spec
        .given([proposed(five), voted(five[1], 'abstain')])
        .when(vote(five[1], 'abstain'))
        .thenNothingHappened();
    });

    it('refuses a member who was not on the committee at proposal time', () => {
      spec
        .given([proposed(five)])
        .when(vote('m999', 'support'))
        .thenThrows(ForbiddenError, 'NOT_A_COMMITTEE_MEMBER');
    });

    it('refuses a vote on a decision never proposed', () => {
      spec.given([]).when(vote(five[0], 'support')).thenThrows(InterimDecisionNotFoundError, 'DECISION_NOT_FOUND');
    });

    it.each([
      ['at the deadline', deadline],
      ['after the deadline', afterDeadline],
    ])('refuses a vote %s', (_label, votedAt) => {
      const error = spec
        .given([proposed(five)])
        .when(vote(five[0], 'support', votedAt))
        .thenThrows(InterimDecisionClosedError, 'DECISION_CLOSED');
      expect(error.category).toBe('CONFLICT');
    });

    it('compares times by instant, not by how precisely they are written', () => {
      spec
        .given([proposed(five)])
        .when(vote(five[0], 'support', '2026-03-15T10:00:00Z'))
        .thenThrows(InterimDecisionClosedError, 'DECISION_CLOSED');
      spec
        .given([proposed(five)])
        .when(vote(five[0], 'support', '2026-03-15T09:59:59.999999Z'))
        .then([voted(five[0], 'support', '2026-03-15T09:59:59.999999Z')]);
    });

    it('refuses a vote once the decision is adopted', () => {
      spec
        .given([
          proposed(five),
          ...votes(five, 5, 0),
          {
            type: 'InterimDecisionAdopted',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 5, objections: 0, abstentions: 0, absent: 0 },
              adoptedAt: duringVote,
            },
          },
        ])
        .when(vote(five[0], 'object'))
        .thenThrows(InterimDecisionClosedError, 'DECISION_CLOSED');
    });

    it('refuses a vote once the decision has lapsed', () => {
      spec
        .given([
          proposed(five),
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 0, objections: 0, abstentions: 0, absent: 5 },
              lapsedAt: afterDeadline,
            },
          },
        ])
        .when(vote(five[0], 'support', '2026-03-02T10:00:00.000Z'))
        .thenThrows(InterimDecisionClosedError, 'DECISION_CLOSED');
    });

    it('rejects a malformed vote and time', () => {
      const error = spec
        .given([proposed(five)])
        .when({
          type: 'VoteOnInterimDecision',
          data: { decisionId, memberId: five[0], vote: 'maybe' as InterimVote, votedAt: 'now' },
        })
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['votedAt', 'vote']);
    });
  });

  describe('CloseInterimDecision', () => {
    const hundred = members(100);
    const ten = members(10);

    it('lets a decision with 79% support lapse', () => {
      spec
        .given([proposed(hundred), ...votes(hundred, 79, 0, 21)])
        .when(close())
        .then([
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 100, supports: 79, objections: 0, abstentions: 21, absent: 0 },
              lapsedAt: afterDeadline,
            },
          },
        ]);
    });

    it('adopts a decision with exactly 80% support and one objection', () => {
      spec
        .given([proposed(hundred), ...votes(hundred, 80, 1, 19)])
        .when(close())
        .then([
          {
            type: 'InterimDecisionAdopted',
            data: {
              decisionId,
              tally: { committeeSize: 100, supports: 80, objections: 1, abstentions: 19, absent: 0 },
              adoptedAt: afterDeadline,
            },
          },
        ]);
    });

    it('lets a decision with 80% support but two objections lapse', () => {
      spec
        .given([proposed(ten), ...votes(ten, 8, 2)])
        .when(close())
        .then([
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 10, supports: 8, objections: 2, abstentions: 0, absent: 0 },
              lapsedAt: afterDeadline,
            },
          },
        ]);
    });

    it('counts members who never voted against adoption', () => {
      spec
        .given([proposed(five), ...votes(five, 3, 0)])
        .when(close(deadline))
        .then([
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 3, objections: 0, abstentions: 0, absent: 2 },
              lapsedAt: deadline,
            },
          },
        ]);
    });

    it('counts only the latest vote of each member', () => {
      spec
        .given([proposed(five), ...votes(five, 4, 1), voted(five[0], 'object'), voted(five[0], 'support')])
        .when(close())
        .then([
          {
            type: 'InterimDecisionAdopted',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 4, objections: 1, abstentions: 0, absent: 0 },
              adoptedAt: afterDeadline,
            },
          },
        ]);
    });

    it('adopts before the deadline once no remaining vote could stop it', () => {
      spec
        .given([proposed(five), ...votes(five, 4, 0)])
        .when(close(duringVote))
        .then([
          {
            type: 'InterimDecisionAdopted',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 4, objections: 0, abstentions: 0, absent: 1 },
              adoptedAt: duringVote,
            },
          },
        ]);
    });

    it('lets a decision lapse before the deadline once more members object than the rules allow', () => {
      spec
        .given([proposed(ten), ...votes(ten, 1, 2)])
        .when(close(duringVote))
        .then([
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 10, supports: 1, objections: 2, abstentions: 0, absent: 7 },
              lapsedAt: duringVote,
            },
          },
        ]);
    });

    it('lets a decision lapse before the deadline once the support can no longer be reached', () => {
      // 4/5 of five with up to three objections: after two objections at most three can support.
      const lenient = { ...DEFAULT_INTERIM_DECISION_RULES, maximumObjections: 3 };
      spec
        .given([proposed(five, lenient), ...votes(five, 0, 2)])
        .when(close(duringVote))
        .then([
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 0, objections: 2, abstentions: 0, absent: 3 },
              lapsedAt: duringVote,
            },
          },
        ]);
    });

    it('counts abstentions and absent members as support still possible before the deadline', () => {
      const lenient = { ...DEFAULT_INTERIM_DECISION_RULES, maximumObjections: 3 };
      spec
        .given([proposed(five, lenient), ...votes(five, 0, 1, 3)])
        .when(close(duringVote))
        .thenThrows(InterimDecisionStillOpenError, 'DECISION_STILL_OPEN');
    });

    it('refuses to close before the deadline while the outcome is open', () => {
      spec
        .given([proposed(ten), ...votes(ten, 8, 0)])
        .when(close(duringVote))
        .thenThrows(InterimDecisionStillOpenError, 'DECISION_STILL_OPEN');
    });

    it('refuses to close a decision never proposed', () => {
      spec.given([]).when(close()).thenThrows(InterimDecisionNotFoundError, 'DECISION_NOT_FOUND');
    });

    it('refuses to close a decision twice', () => {
      spec
        .given([
          proposed(five),
          {
            type: 'InterimDecisionLapsed',
            data: {
              decisionId,
              tally: { committeeSize: 5, supports: 0, objections: 0, abstentions: 0, absent: 5 },
              lapsedAt: afterDeadline,
            },
          },
        ])
        .when(close())
        .thenThrows(InterimDecisionClosedError, 'DECISION_CLOSED');
    });

    it('rejects a malformed closing time', () => {
      const error = spec
        .given([proposed(five)])
        .when(close('tomorrow'))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['closedAt']);
    });
  });

  it('never lets the order in which votes were cast change the outcome', () => {
    const voteArbitrary = fc.constantFrom<InterimVote | null>('support', 'object', 'abstain', null);
    const scenario = fc
      .record({
        size: fc.integer({ min: 1, max: 12 }),
        denominator: fc.integer({ min: 1, max: 10 }),
        maximumObjections: fc.integer({ min: 0, max: 3 }),
      })
      .chain(({ size, denominator, maximumObjections }) =>
        fc.record({
          committee: fc.constant(members(size)),
          rules: fc.integer({ min: 0, max: denominator }).map<InterimDecisionRules>((numerator) => ({
            minimumSupport: { numerator, denominator },
            maximumObjections,
            allowedKinds: null,
          })),
          ballots: fc.array(voteArbitrary, { minLength: size, maxLength: size }),
          seed: fc.array(fc.nat(), { minLength: size, maxLength: size }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ committee, rules, ballots, seed }) => {
        const cast = committee.flatMap((memberId, index) => {
          const ballot = ballots[index];
          return ballot === null ? [] : [voted(memberId, ballot)];
        });
        const reordered = cast
          .map((event, index) => ({ event, key: seed[index] }))
          .sort((left, right) => left.key - right.key)
          .map(({ event }) => event);
        const inOrder = interimDecisionDecider.decide(
          close(),
          foldEvents(interimDecisionDecider, [proposed(committee, rules), ...cast]),
        );
        spec
          .given([proposed(committee, rules), ...reordered])
          .when(close())
          .then(inOrder);

        const supports = ballots.filter((ballot) => ballot === 'support').length;
        const objections = ballots.filter((ballot) => ballot === 'object').length;
        const { numerator, denominator } = rules.minimumSupport;
        const adopted = supports * denominator >= numerator * committee.length && objections <= rules.maximumObjections;
        expect(inOrder.map((event) => event.type)).toEqual([
          adopted ? 'InterimDecisionAdopted' : 'InterimDecisionLapsed',
        ]);
      }),
    );
  });
});
