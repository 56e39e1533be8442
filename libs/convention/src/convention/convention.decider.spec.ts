import { DomainError, ForbiddenError, InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { AdvanceConventionPhase, CallConvention, PhaseFacts } from './convention.commands';
import { conventionDecider } from './convention.decider';
import { assembleApportionment, publishApportionment } from './apportionment-pages';
import { ConventionEvent, SeatsApportioned, SeatsApportionmentPage, conventionStream } from './convention.events';
import { ConventionPhase, PROPOSAL_KINDS, RulesOfProcedure } from './convention.rules';

const conventionId = 'c0000000-0000-4000-8000-000000000001';
const secondId = 'c0000000-0000-4000-8000-000000000002';
const chair = 'a0000000-0000-4000-8000-000000000001';
const clerk = 'a0000000-0000-4000-8000-000000000002';
const outsider = 'a0000000-0000-4000-8000-000000000009';
const calledAt = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';

const rules: RulesOfProcedure = {
  thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '1/2' : '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 2,
  deadlines: [],
  totalSeats: 10,
  minimumSeatsPerChapter: 1,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'STV',
  alternatesPerChapter: 2,
  lotSeed: 'founding-2026',
};

const call = (overrides: Partial<CallConvention['data']> = {}): CallConvention => ({
  type: 'CallConvention',
  data: { conventionId, title: 'Founding convention', rules, calledBy: chair, calledAt, ...overrides },
});
const called = (id = conventionId, withRules: RulesOfProcedure = rules): ConventionEvent => ({
  type: 'ConventionCalled',
  data: { conventionId: id, title: 'Founding convention', rules: withRules, calledBy: chair, calledAt },
});
const clerkAppointed: ConventionEvent = {
  type: 'SecretariatMemberAppointed',
  data: { conventionId, memberId: clerk, appointedBy: chair, appointedAt: calledAt },
};
const phase = (from: ConventionPhase, to: ConventionPhase, id = conventionId): ConventionEvent => ({
  type: 'ConventionPhaseAdvanced',
  data: { conventionId: id, from, to, advancedBy: clerk, advancedAt: later },
});
const advance = (
  to: ConventionPhase,
  facts: PhaseFacts = {},
  overrides: Partial<AdvanceConventionPhase['data']> = {},
): AdvanceConventionPhase => ({
  type: 'AdvanceConventionPhase',
  data: { conventionId, to, advancedBy: clerk, advancedAt: later, facts, ...overrides },
});
const membership = (chapters: Array<[string, number]>) => ({
  cutoffPosition: '42',
  chapters: chapters.map(([chapterId, members]) => ({ chapterId, members })),
});
/** The pages and closing event of an apportionment (its working is not what these tests look at). */
const seatsApportioned = (chapters: Array<[string, number, number]>): ConventionEvent[] =>
  publishApportionment({
    conventionId,
    cutoffPosition: '42',
    method: 'SAINTE_LAGUE',
    totalSeats: 10,
    minimumSeatsPerChapter: 1,
    chapters: chapters.map(([chapterId, members, seats]) => ({ chapterId, members, seats })),
    working: {
      method: 'sainte-lague',
      seats: 10,
      minimumPerUnit: 1,
      totalPopulation: String(chapters.reduce((sum, [, members]) => sum + members, 0)),
      allocations: chapters.map(([id, members, seats]) => ({ id, population: String(members), seats })),
      awards: [],
      nextQuotients: [],
      hamiltonRounds: [],
      lots: [],
    },
    apportionedAt: later,
  });

const spec = DeciderSpecification(conventionDecider);

describe('convention decider', () => {
  it('keeps every convention in one stream, so only one can run at a time', () => {
    expect(conventionStream()).toBe('Convention-organization');
  });

  describe('CallConvention', () => {
    it('records the call with the rules in normal form', () => {
      const given: RulesOfProcedure = {
        ...rules,
        thresholds: [...rules.thresholds]
          .reverse()
          .map((entry) => ({ ...entry, threshold: entry.threshold === '2/3' ? '4/6' : '0.5' })),
        quorum: '0.50',
        deadlines: [
          { phase: 'DELEGATE_SELECTION', deadline: '2026-04-01T00:00:00Z' },
          { phase: 'CALLED', deadline: '2026-03-10T00:00:00Z' },
        ],
        lotSeed: '  founding-2026 ',
      };
      spec
        .given([])
        .when(call({ rules: given, title: '  Founding   convention ' }))
        .then([
          called(conventionId, {
            ...rules,
            deadlines: [
              { phase: 'CALLED', deadline: '2026-03-10T00:00:00Z' },
              { phase: 'DELEGATE_SELECTION', deadline: '2026-04-01T00:00:00Z' },
            ],
          }),
        ]);
    });

    it('refuses a second call while a convention is not closed', () => {
      const error = spec
        .given([called()])
        .when(call({ conventionId: secondId }))
        .thenThrows(DomainError, 'CONVENTION_IN_PROGRESS');
      expect(error.category).toBe('CONFLICT');
    });

    it('accepts a new call once the last convention is closed', () => {
      const closedHistory = [
        called(),
        clerkAppointed,
        phase('CALLED', 'DELEGATE_SELECTION'),
        phase('DELEGATE_SELECTION', 'PROPOSAL_SUBMISSION'),
        phase('PROPOSAL_SUBMISSION', 'AMENDMENT'),
        phase('AMENDMENT', 'DELIBERATION'),
        phase('DELIBERATION', 'VOTING'),
        phase('VOTING', 'RATIFICATION'),
        phase('RATIFICATION', 'CLOSED'),
      ];
      spec
        .given(closedHistory)
        .when(call({ conventionId: secondId }))
        .then([called(secondId)]);
      spec
        .given([...closedHistory, called(secondId)])
        .when({
          type: 'AppointSecretariatMember',
          data: { conventionId, memberId: chair, appointedBy: chair, appointedAt: later },
        })
        .thenThrows(DomainError, 'CONVENTION_CLOSED');
    });

    it('names every bad rule at once', () => {
      const error = spec
        .given([])
        .when(
          call({
            title: ' ',
            rules: {
              thresholds: [
                { kind: 'ADOPT_RULE', threshold: '0' },
                { kind: 'ADOPT_RULE', threshold: '3/2' },
                { kind: 'NONSENSE' as never, threshold: 'most' },
              ],
              quorum: '5/4',
              amendmentDepth: -1,
              friendlyAmendments: 'yes' as never,
              seconders: 1.5,
              deadlines: [{ phase: 'CLOSED', deadline: 'tomorrow' }],
              totalSeats: 0,
              minimumSeatsPerChapter: -1,
              apportionmentMethod: 'LOTTERY' as never,
              electionMethod: 'FPTP' as never,
              alternatesPerChapter: -2,
              lotSeed: '',
            },
          }),
        )
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual([
        'title',
        'rules.thresholds[0].threshold',
        'rules.thresholds[1].threshold',
        'rules.thresholds[2].kind',
        'rules.thresholds[2].threshold',
        'rules.thresholds',
        'rules.quorum',
        'rules.amendmentDepth',
        'rules.friendlyAmendments',
        'rules.seconders',
        'rules.deadlines[0].phase',
        'rules.deadlines[0].deadline',
        'rules.totalSeats',
        'rules.minimumSeatsPerChapter',
        'rules.apportionmentMethod',
        'rules.electionMethod',
        'rules.alternatesPerChapter',
        'rules.lotSeed',
      ]);
    });

    it('requires a threshold for every proposal kind', () => {
      const error = spec
        .given([])
        .when(call({ rules: { ...rules, thresholds: rules.thresholds.slice(1) } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems).toEqual([
        { field: 'rules.thresholds', message: 'must also set a threshold for ADOPT_RULE' },
      ]);
    });

    it.each([
      ['not after the call', [{ phase: 'CALLED' as const, deadline: calledAt }]],
      [
        'out of phase order',
        [
          { phase: 'CALLED' as const, deadline: '2026-05-01T00:00:00Z' },
          { phase: 'VOTING' as const, deadline: '2026-04-01T00:00:00Z' },
        ],
      ],
      [
        'naming a phase twice',
        [
          { phase: 'VOTING' as const, deadline: '2026-05-01T00:00:00Z' },
          { phase: 'VOTING' as const, deadline: '2026-06-01T00:00:00Z' },
        ],
      ],
    ])('rejects deadlines %s', (_label, deadlines) => {
      const error = spec
        .given([])
        .when(call({ rules: { ...rules, deadlines } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['rules.deadlines']);
    });
  });

  describe('secretariat', () => {
    it('appoints and removes members', () => {
      spec
        .given([called()])
        .when({
          type: 'AppointSecretariatMember',
          data: { conventionId, memberId: clerk, appointedBy: chair, appointedAt: calledAt },
        })
        .then([clerkAppointed]);
      spec
        .given([called(), clerkAppointed])
        .when({
          type: 'RemoveSecretariatMember',
          data: { conventionId, memberId: clerk, removedBy: chair, removedAt: later },
        })
        .then([
          {
            type: 'SecretariatMemberRemoved',
            data: { conventionId, memberId: clerk, removedBy: chair, removedAt: later },
          },
        ]);
    });

    it('refuses to appoint twice or remove someone not on it', () => {
      spec
        .given([called(), clerkAppointed])
        .when({
          type: 'AppointSecretariatMember',
          data: { conventionId, memberId: clerk, appointedBy: chair, appointedAt: later },
        })
        .thenThrows(DomainError, 'ALREADY_ON_SECRETARIAT');
      spec
        .given([called()])
        .when({
          type: 'RemoveSecretariatMember',
          data: { conventionId, memberId: clerk, removedBy: chair, removedAt: later },
        })
        .thenThrows(DomainError, 'NOT_A_SECRETARIAT_MEMBER');
    });

    it('refuses an unknown convention', () => {
      const error = spec
        .given([called()])
        .when({
          type: 'AppointSecretariatMember',
          data: { conventionId: secondId, memberId: clerk, appointedBy: chair, appointedAt: later },
        })
        .thenThrows(DomainError, 'CONVENTION_NOT_FOUND');
      expect(error.category).toBe('NOT_FOUND');
    });
  });

  describe('AdvanceConventionPhase', () => {
    const inSelection = [
      called(),
      clerkAppointed,
      ...seatsApportioned([['x', 10, 5]]),
      phase('CALLED', 'DELEGATE_SELECTION'),
    ];

    it('apportions the seats in the same step as entering DELEGATE_SELECTION', () => {
      const events = conventionDecider.decide(
        advance('DELEGATE_SELECTION', {
          membership: membership([
            ['ch-b', 30],
            ['ch-a', 70],
            ['ch-empty', 0],
          ]),
        }),
        [called(), clerkAppointed].reduce(conventionDecider.evolve, conventionDecider.initialState()),
      );
      expect(events.map((event) => event.type)).toEqual([
        'SeatsApportionmentPage',
        'SeatsApportioned',
        'ConventionPhaseAdvanced',
      ]);
      expect(events[2]).toEqual(phase('CALLED', 'DELEGATE_SELECTION'));
      const closing = events[1] as SeatsApportioned;
      expect(closing.data).toMatchObject({ cutoffPosition: '42', chapterCount: 2, pages: { pageCount: 1 } });
      const apportioned = assembleApportionment(closing.data, [(events[0] as SeatsApportionmentPage).data]);
      expect(apportioned.chapters).toEqual([
        { chapterId: 'ch-a', members: 70, seats: 7 },
        { chapterId: 'ch-b', members: 30, seats: 3 },
      ]);
      expect(apportioned.working).toMatchObject({
        method: 'sainte-lague',
        seats: 10,
        minimumPerUnit: 1,
        totalPopulation: '100',
        allocations: [
          { id: 'ch-a', population: '70', seats: 7 },
          { id: 'ch-b', population: '30', seats: 3 },
        ],
      });
      expect(apportioned.working.awards).toHaveLength(8);
    });

    it('refuses anyone not on the secretariat, committee members included', () => {
      const error = spec
        .given([called(), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', { membership: membership([['a', 1]]) }, { advancedBy: chair }))
        .thenThrows(ForbiddenError, 'NOT_ON_SECRETARIAT');
      expect(error.category).toBe('FORBIDDEN');
      spec
        .given([called(), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', { membership: membership([['a', 1]]) }, { advancedBy: outsider }))
        .thenThrows(ForbiddenError, 'NOT_ON_SECRETARIAT');
    });

    it('moves only forward, one step at a time', () => {
      spec.given(inSelection).when(advance('CALLED')).thenThrows(DomainError, 'PHASE_NOT_NEXT');
      spec.given(inSelection).when(advance('DELEGATE_SELECTION')).thenThrows(DomainError, 'PHASE_NOT_NEXT');
      spec
        .given(inSelection)
        .when(advance('AMENDMENT', { talliedElections: ['x'] }))
        .thenThrows(DomainError, 'PHASE_NOT_NEXT');
    });

    it('refuses to move on before the phase deadline', () => {
      const withDeadline = {
        ...rules,
        deadlines: [{ phase: 'CALLED' as const, deadline: '2026-03-05T00:00:00.000Z' }],
      };
      const error = spec
        .given([called(conventionId, withDeadline), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', { membership: membership([['a', 1]]) }))
        .thenThrows(DomainError, 'PHASE_DEADLINE_NOT_PASSED');
      expect(error.details).toEqual({ phase: 'CALLED', deadline: '2026-03-05T00:00:00.000Z' });
      const events = conventionDecider.decide(
        advance('DELEGATE_SELECTION', { membership: membership([['a', 1]]) }, { advancedAt: '2026-03-05T00:00:00Z' }),
        [called(conventionId, withDeadline), clerkAppointed].reduce(
          conventionDecider.evolve,
          conventionDecider.initialState(),
        ),
      );
      expect(events.map((event) => event.type)).toEqual([
        'SeatsApportionmentPage',
        'SeatsApportioned',
        'ConventionPhaseAdvanced',
      ]);
    });

    it('refuses more minimum seats than seats', () => {
      const error = spec
        .given([called(conventionId, { ...rules, totalSeats: 2 }), clerkAppointed])
        .when(
          advance('DELEGATE_SELECTION', {
            membership: membership([
              ['a', 5],
              ['b', 5],
              ['c', 5],
            ]),
          }),
        )
        .thenThrows(DomainError, 'MINIMUM_SEATS_EXCEED_TOTAL');
      expect(error.details).toEqual({ chapters: 3, minimumSeatsPerChapter: 1, totalSeats: 2 });
    });

    it('refuses to apportion without a chapter with members', () => {
      spec
        .given([called(), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', { membership: membership([['a', 0]]) }))
        .thenThrows(DomainError, 'NO_CHAPTER_WITH_MEMBERS');
      spec
        .given([called(), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', {}))
        .thenThrows(DomainError, 'PHASE_CONDITIONS_NOT_MET');
    });

    it('leaves DELEGATE_SELECTION only once every chapter with seats has tallied its election', () => {
      const history = [
        called(),
        clerkAppointed,
        ...seatsApportioned([
          ['a', 10, 5],
          ['b', 10, 5],
          ['z', 0, 0],
        ]),
        phase('CALLED', 'DELEGATE_SELECTION'),
      ];
      const error = spec
        .given(history)
        .when(advance('PROPOSAL_SUBMISSION', { talliedElections: ['a'] }))
        .thenThrows(DomainError, 'DELEGATE_ELECTIONS_NOT_TALLIED');
      expect(error.details).toEqual({ chapters: ['b'] });
      spec
        .given(history)
        .when(advance('PROPOSAL_SUBMISSION', { talliedElections: ['b', 'a'] }))
        .then([phase('DELEGATE_SELECTION', 'PROPOSAL_SUBMISSION')]);
    });

    it('takes conditions checked elsewhere as blockers', () => {
      const history = [...inSelection, phase('DELEGATE_SELECTION', 'PROPOSAL_SUBMISSION')];
      const blockers = [{ code: 'PROPOSALS_UNSECONDED', message: '2 proposals lack seconders' }];
      const error = spec
        .given(history)
        .when(advance('AMENDMENT', { blockers }))
        .thenThrows(DomainError, 'PHASE_CONDITIONS_NOT_MET');
      expect(error.details).toEqual({ blockers });
      spec
        .given(history)
        .when(advance('AMENDMENT', { blockers: [] }))
        .then([phase('PROPOSAL_SUBMISSION', 'AMENDMENT')]);
    });

    it('has nowhere to go after CLOSED and refuses an unknown convention', () => {
      spec
        .given([...inSelection, phase('DELEGATE_SELECTION', 'CLOSED')])
        .when(advance('CLOSED'))
        .thenThrows(DomainError, 'CONVENTION_CLOSED');
      spec.given([]).when(advance('DELEGATE_SELECTION')).thenThrows(DomainError, 'CONVENTION_NOT_FOUND');
    });

    it('rejects a malformed time', () => {
      const error = spec
        .given([called(), clerkAppointed])
        .when(advance('DELEGATE_SELECTION', {}, { advancedAt: 'now' }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['advancedAt']);
    });
  });
});
