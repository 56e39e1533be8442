import { DomainError, ForbiddenError, InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { BallotElectionFacts, CastDelegateBallot } from './delegate-ballot.commands';
import { delegateBallotDecider } from './delegate-ballot.decider';
import { DelegateBallotChoice, DelegateBallotEvent, delegateBallotStream } from './delegate-ballot.events';

const electionId = 'e0000000-0000-4000-8000-000000000001';
const chapterId = 'ch-london';
const at = '2026-04-01T10:00:00.000Z';
const election = (overrides: Partial<BallotElectionFacts> = {}): BallotElectionFacts => ({
  status: 'VOTING',
  phase: 'DELEGATE_SELECTION',
  chapterId,
  method: 'STV',
  candidates: ['ada', 'bea', 'cyd'],
  ...overrides,
});
const cast = (
  choice: DelegateBallotChoice,
  overrides: Partial<CastDelegateBallot['data']> = {},
): CastDelegateBallot => ({
  type: 'CastDelegateBallot',
  data: {
    electionId,
    voterId: 'dee',
    voterKey: 'key-of-dee',
    voterChapterId: chapterId,
    election: election(),
    choice,
    castAt: at,
    ...overrides,
  },
});
const castEvent = (choice: DelegateBallotChoice): DelegateBallotEvent => ({
  type: 'DelegateBallotCast',
  data: { electionId, voterKey: 'key-of-dee', choice, castAt: at },
});

const spec = DeciderSpecification(delegateBallotDecider);

describe('delegate ballot decider', () => {
  it('keeps each voter’s ballot in a stream of its own per convention, named by the voter key', () => {
    expect(delegateBallotStream('c1', 'key-of-dee')).toBe('DelegateBallot-c1-key-of-dee');
  });

  it('takes one ballot per member in a convention: moving chapters does not give a second vote', () => {
    spec
      .given([castEvent({ method: 'STV', ranking: ['ada'] })])
      .when(cast({ method: 'STV', ranking: ['ada'] }, { electionId: 'another-election' }))
      .thenThrows(DomainError, 'ALREADY_VOTED_IN_ANOTHER_CHAPTER');
  });

  it('records a ranking, and a later one that replaces it', () => {
    spec
      .given([])
      .when(cast({ method: 'STV', ranking: ['bea', 'ada'] }))
      .then([castEvent({ method: 'STV', ranking: ['bea', 'ada'] })]);
    spec
      .given([castEvent({ method: 'STV', ranking: ['bea', 'ada'] })])
      .when(cast({ method: 'STV', ranking: ['ada'] }))
      .then([castEvent({ method: 'STV', ranking: ['ada'] })]);
    spec
      .given([castEvent({ method: 'STV', ranking: ['bea', 'ada'] })])
      .when(cast({ method: 'STV', ranking: ['bea', 'ada'] }))
      .thenNothingHappened();
  });

  it('records approvals in a canonical order, an empty set included', () => {
    const approval = election({ method: 'APPROVAL' });
    spec
      .given([])
      .when(cast({ method: 'APPROVAL', approved: ['cyd', 'ada'] }, { election: approval }))
      .then([castEvent({ method: 'APPROVAL', approved: ['ada', 'cyd'] })]);
    spec
      .given([])
      .when(cast({ method: 'APPROVAL', approved: [] }, { election: approval }))
      .then([castEvent({ method: 'APPROVAL', approved: [] })]);
  });

  it('refuses a voter from another chapter, or none, whatever the election’s state', () => {
    const error = spec
      .given([])
      .when(cast({ method: 'STV', ranking: ['ada'] }, { voterChapterId: 'ch-paris' }))
      .thenThrows(ForbiddenError, 'NOT_A_CHAPTER_MEMBER');
    expect(error.category).toBe('FORBIDDEN');
    spec
      .given([])
      .when(
        cast({ method: 'STV', ranking: ['ada'] }, { voterChapterId: null, election: election({ status: 'CLOSED' }) }),
      )
      .thenThrows(ForbiddenError, 'NOT_A_CHAPTER_MEMBER');
  });

  it.each(['NONE', 'NOMINATING', 'CLOSED', 'TALLIED'] as const)(
    'refuses a ballot while the election is %s',
    (status) => {
      spec
        .given([])
        .when(cast({ method: 'STV', ranking: ['ada'] }, { election: election({ status }) }))
        .thenThrows(DomainError, 'DELEGATE_VOTING_NOT_OPEN');
    },
  );

  it('refuses a ballot outside DELEGATE_SELECTION', () => {
    spec
      .given([])
      .when(cast({ method: 'STV', ranking: ['ada'] }, { election: election({ phase: 'PROPOSAL_SUBMISSION' }) }))
      .thenThrows(DomainError, 'NOT_IN_DELEGATE_SELECTION');
  });

  it('rejects a ballot of the wrong form', () => {
    const choice: DelegateBallotChoice = { method: 'APPROVAL', approved: ['ada'] };
    const error = spec.given([]).when(cast(choice)).thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['ranking']);
  });

  it.each([
    ['ranking', { method: 'STV', ranking: ['ada', 'zed', 'yan'] } as DelegateBallotChoice],
    ['approved', { method: 'APPROVAL', approved: ['zed', 'ada', 'yan'] } as DelegateBallotChoice],
  ])('rejects %s naming someone not standing as UNKNOWN_CANDIDATE, naming them', (field, choice) => {
    const method = choice.method;
    const error = spec
      .given([])
      .when(cast(choice, { election: election({ method }) }))
      .thenThrows(DomainError, 'UNKNOWN_CANDIDATE');
    expect(error).toMatchObject({ category: 'BAD_USER_INPUT', details: { field, candidates: ['zed', 'yan'] } });
    expect(error.message).toMatch(/zed, yan.*not standing/);
  });

  it.each([
    ['ranking', 'DUPLICATE_RANKING', { method: 'STV', ranking: ['ada', 'bea', 'ada'] } as DelegateBallotChoice],
    ['approved', 'DUPLICATE_APPROVAL', { method: 'APPROVAL', approved: ['bea', 'bea'] } as DelegateBallotChoice],
  ])('rejects %s marking a candidate twice as %s', (field, reason, choice) => {
    const method = choice.method;
    const error = spec
      .given([])
      .when(cast(choice, { election: election({ method }) }))
      .thenThrows(DomainError, reason);
    expect(error).toMatchObject({
      category: 'BAD_USER_INPUT',
      details: { field, candidates: [method === 'STV' ? 'ada' : 'bea'] },
    });
  });
});
