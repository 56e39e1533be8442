import fc from 'fast-check';
import { DomainError, ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { conventionDecider } from '../convention/convention.decider';
import { ConventionEvent } from '../convention/convention.events';
import { PROPOSAL_KINDS } from '../convention/convention.rules';
import { DelegateBallotChoice } from '../delegate-ballot/delegate-ballot.events';
import { DelegateElectionCommand, ElectionContext } from './delegate-election.commands';
import { delegateElectionDecider } from './delegate-election.decider';
import {
  DelegateElectionEvent,
  DelegateElectionTallied,
  delegateElectionId,
  delegateElectionStream,
} from './delegate-election.events';
import { holdsCredentialedSeat } from './delegate-election.state';
import { electionContextOf } from './election-context';

const conventionId = 'c0000000-0000-4000-8000-000000000001';
const chapterId = 'ch-london';
const electionId = 'e0000000-0000-4000-8000-000000000001';
const [ada, bea, cyd, dee, eve] = ['ada', 'bea', 'cyd', 'dee', 'eve'];
const clerk = 'clerk';
const at = '2026-04-01T10:00:00.000Z';

const context = (overrides: Partial<ElectionContext> = {}): ElectionContext => ({
  conventionId,
  chapterId,
  phase: 'DELEGATE_SELECTION',
  seats: 2,
  method: 'STV',
  alternates: 1,
  seed: 'seed/delegate-election/ch-london',
  secretariat: [clerk],
  ...overrides,
});

const started: DelegateElectionEvent = {
  type: 'DelegateElectionStarted',
  data: {
    electionId,
    conventionId,
    chapterId,
    seats: 2,
    method: 'STV',
    alternates: 1,
    seed: 'seed/delegate-election/ch-london',
    startedAt: at,
  },
};
const nominated = (candidateId: string, nominatedBy = candidateId): DelegateElectionEvent => ({
  type: 'DelegateCandidateNominated',
  data: { electionId, candidateId, nominatedBy, nominatedAt: at },
});
const accepted = (candidateId: string): DelegateElectionEvent => ({
  type: 'DelegateNominationAccepted',
  data: { electionId, candidateId, acceptedAt: at },
});
const opened = (candidates: string[]): DelegateElectionEvent => ({
  type: 'DelegateVotingOpened',
  data: { electionId, candidates, openedBy: clerk, openedAt: at },
});
const closed: DelegateElectionEvent = {
  type: 'DelegateVotingClosed',
  data: { electionId, closedBy: clerk, closedAt: at },
};
const tallied = (elected: string[], alternates: string[]): DelegateElectionTallied => ({
  type: 'DelegateElectionTallied',
  data: {
    electionId,
    method: 'STV',
    seats: 2,
    candidates: [ada, bea, cyd],
    ballots: 3,
    elected,
    alternates,
    working: null,
    talliedAt: at,
  },
});

const nominate = (
  candidateId: string,
  nominatedBy: string,
  chapters: [string | null, string | null] = [chapterId, chapterId],
) =>
  ({
    type: 'NominateDelegate',
    data: {
      electionId,
      context: context(),
      candidateId,
      candidateChapterId: chapters[0],
      nominatedBy,
      nominatorChapterId: chapters[1],
      nominatedAt: at,
    },
  }) satisfies DelegateElectionCommand;
const tally = (ballots: DelegateBallotChoice[]) =>
  ({ type: 'TallyDelegateElection', data: { electionId, ballots, talliedAt: at } }) satisfies DelegateElectionCommand;
const stv = (...ranking: string[]): DelegateBallotChoice => ({ method: 'STV', ranking });

const nominating = [started, nominated(ada), accepted(ada), nominated(bea, ada), accepted(bea), nominated(cyd, ada)];
const voting = [...nominating, accepted(cyd), opened([ada, bea, cyd])];
const counted = [...voting, closed, tallied([ada, bea], [cyd])];

const spec = DeciderSpecification(delegateElectionDecider);

describe('delegate election decider', () => {
  it('derives one election id per convention and chapter', () => {
    expect(delegateElectionId(conventionId, chapterId)).toBe(delegateElectionId(conventionId, chapterId));
    expect(delegateElectionId(conventionId, 'other')).not.toBe(delegateElectionId(conventionId, chapterId));
    expect(delegateElectionStream(electionId)).toBe(`DelegateElection-${electionId}`);
  });

  describe('NominateDelegate', () => {
    it('starts the election and records a self-nomination as consented', () => {
      spec
        .given([])
        .when(nominate(ada, ada))
        .then([started, nominated(ada), accepted(ada)]);
    });

    it('records another member’s nomination as pending consent', () => {
      spec
        .given([started, nominated(ada), accepted(ada)])
        .when(nominate(bea, ada))
        .then([nominated(bea, ada)]);
    });

    it('refuses a nominator from another chapter (FORBIDDEN) and a nominee from another chapter', () => {
      const error = spec
        .given([started])
        .when(nominate(bea, eve, [chapterId, 'ch-paris']))
        .thenThrows(ForbiddenError, 'NOT_A_CHAPTER_MEMBER');
      expect(error.category).toBe('FORBIDDEN');
      spec
        .given([started])
        .when(nominate(eve, ada, ['ch-paris', chapterId]))
        .thenThrows(DomainError, 'NOMINEE_NOT_IN_CHAPTER');
      spec
        .given([started])
        .when(nominate(eve, ada, [null, chapterId]))
        .thenThrows(DomainError, 'NOMINEE_NOT_IN_CHAPTER');
    });

    it('refuses a second nomination of the same member and any after voting opened', () => {
      spec.given(nominating).when(nominate(ada, bea)).thenThrows(DomainError, 'ALREADY_NOMINATED');
      spec.given(voting).when(nominate(dee, dee)).thenThrows(DomainError, 'NOMINATIONS_CLOSED');
    });

    it('takes nominations only in DELEGATE_SELECTION and only for a chapter with seats', () => {
      const outside = nominate(ada, ada);
      spec
        .given([])
        .when({ ...outside, data: { ...outside.data, context: context({ phase: 'CALLED' }) } })
        .thenThrows(DomainError, 'NOT_IN_DELEGATE_SELECTION');
      spec
        .given([])
        .when({ ...outside, data: { ...outside.data, context: context({ seats: 0 }) } })
        .thenThrows(DomainError, 'CHAPTER_HAS_NO_SEATS');
    });
  });

  describe('consent', () => {
    const consent = (candidateId: string) =>
      ({
        type: 'ConsentToNomination',
        data: { electionId, context: context(), candidateId, consentedAt: at },
      }) as const;
    const decline = (candidateId: string) =>
      ({
        type: 'DeclineNomination',
        data: { electionId, context: context(), candidateId, declinedAt: at },
      }) as const;

    it('records consent and declining; repeating either changes nothing', () => {
      spec
        .given(nominating)
        .when(consent(cyd))
        .then([accepted(cyd)]);
      spec
        .given([...nominating, accepted(cyd)])
        .when(consent(cyd))
        .thenNothingHappened();
      spec
        .given(nominating)
        .when(decline(cyd))
        .then([{ type: 'DelegateNominationDeclined', data: { electionId, candidateId: cyd, declinedAt: at } }]);
      spec
        .given(nominating)
        .when(decline(bea))
        .then([{ type: 'DelegateNominationDeclined', data: { electionId, candidateId: bea, declinedAt: at } }]);
    });

    it('refuses a member never nominated, and changes after voting opened', () => {
      spec.given(nominating).when(consent(dee)).thenThrows(DomainError, 'NOMINATION_NOT_FOUND');
      spec.given([]).when(consent(dee)).thenThrows(DomainError, 'NOMINATION_NOT_FOUND');
      spec.given(voting).when(decline(ada)).thenThrows(DomainError, 'NOMINATIONS_CLOSED');
    });
  });

  describe('opening and closing', () => {
    const open = (by = clerk) =>
      ({ type: 'OpenDelegateVoting', data: { electionId, context: context(), openedBy: by, openedAt: at } }) as const;
    const close = (by = clerk) =>
      ({ type: 'CloseDelegateVoting', data: { electionId, context: context(), closedBy: by, closedAt: at } }) as const;

    it('opens with the consenting nominees as candidates, in order of nomination', () => {
      spec
        .given(nominating)
        .when(open())
        .then([opened([ada, bea])]);
    });

    it('opens an election nobody stood in, so that it can be closed', () => {
      spec
        .given([])
        .when(open())
        .then([started, opened([])]);
    });

    it('lets only the secretariat open or close', () => {
      spec.given(nominating).when(open(ada)).thenThrows(ForbiddenError, 'NOT_ON_SECRETARIAT');
      spec.given(voting).when(close(ada)).thenThrows(ForbiddenError, 'NOT_ON_SECRETARIAT');
    });

    it('refuses to open twice, and to close what is not open', () => {
      spec.given(voting).when(open()).thenThrows(DomainError, 'DELEGATE_VOTING_ALREADY_OPENED');
      spec.given(nominating).when(close()).thenThrows(DomainError, 'DELEGATE_VOTING_NOT_OPEN');
      spec.given(counted).when(close()).thenThrows(DomainError, 'DELEGATE_ELECTION_TALLIED');
    });

    it('closes, and closing again before the count lets the handler finish the count', () => {
      spec.given(voting).when(close()).then([closed]);
      spec
        .given([...voting, closed])
        .when(close())
        .thenNothingHappened();
    });
  });

  describe('TallyDelegateElection', () => {
    it('counts by STV: the elected fill the seats, the next ranked are alternates, with the working', () => {
      const [event] = delegateElectionDecider.decide(
        tally([stv(ada, bea), stv(ada, cyd), stv(bea, ada), stv(cyd, bea), stv(bea)]),
        foldEvents(delegateElectionDecider, [...voting, closed]),
      ) as DelegateElectionTallied[];
      expect(event.type).toBe('DelegateElectionTallied');
      expect(event.data).toMatchObject({ method: 'STV', seats: 2, candidates: [ada, bea, cyd], ballots: 5 });
      expect([...event.data.elected].sort()).toEqual([ada, bea]);
      expect(event.data.alternates).toEqual([cyd]);
      expect(event.data.working).toMatchObject({ method: 'scottish-stv', quota: 2 });
    });

    it('counts by approval, at most the rules’ number of alternates', () => {
      const approvalStart = { ...started, data: { ...started.data, method: 'APPROVAL' as const, seats: 1 } };
      const history = [approvalStart, ...voting.slice(1), closed];
      const [event] = delegateElectionDecider.decide(
        tally([
          { method: 'APPROVAL', approved: [ada, bea] },
          { method: 'APPROVAL', approved: [bea] },
          { method: 'APPROVAL', approved: [cyd, bea] },
          { method: 'APPROVAL', approved: [] },
        ]),
        foldEvents(delegateElectionDecider, history),
      ) as DelegateElectionTallied[];
      expect(event.data).toMatchObject({ method: 'APPROVAL', seats: 1, ballots: 4, elected: [bea] });
      expect(event.data.alternates).toHaveLength(1);
      expect(event.data.working).toMatchObject({
        method: 'approval',
        approvals: [
          { candidate: ada, approvals: 1 },
          { candidate: bea, approvals: 3 },
          { candidate: cyd, approvals: 1 },
        ],
      });
    });

    it('elects everyone standing when fewer stand than seats, and nobody when none stood', () => {
      const [few] = delegateElectionDecider.decide(
        tally([]),
        foldEvents(delegateElectionDecider, [started, nominated(ada), accepted(ada), opened([ada]), closed]),
      ) as DelegateElectionTallied[];
      expect(few.data).toMatchObject({ elected: [ada], alternates: [], seats: 2 });
      spec
        .given([started, opened([]), closed])
        .when(tally([]))
        .then([
          {
            type: 'DelegateElectionTallied',
            data: {
              electionId,
              method: 'STV',
              seats: 2,
              candidates: [],
              ballots: 0,
              elected: [],
              alternates: [],
              working: null,
              talliedAt: at,
            },
          },
        ]);
    });

    it('counts only once, and only after the close', () => {
      spec.given(voting).when(tally([])).thenThrows(DomainError, 'DELEGATE_VOTING_NOT_OPEN');
      spec.given(counted).when(tally([])).thenNothingHappened();
    });

    it('never depends on the order of the ballots', () => {
      const ballotArbitrary = fc
        .shuffledSubarray([ada, bea, cyd], { minLength: 1 })
        .map((ranking): DelegateBallotChoice => ({ method: 'STV', ranking }));
      fc.assert(
        fc.property(fc.array(ballotArbitrary, { maxLength: 12 }), fc.array(fc.nat()), (ballots, keys) => {
          const state = foldEvents(delegateElectionDecider, [...voting, closed]);
          const shuffled = ballots
            .map((ballot, index) => ({ ballot, key: keys[index] ?? index }))
            .sort((a, b) => a.key - b.key)
            .map(({ ballot }) => ballot);
          expect(delegateElectionDecider.decide(tally(shuffled), state)).toEqual(
            delegateElectionDecider.decide(tally(ballots), state),
          );
        }),
        { numRuns: 50 },
      );
    });
  });

  describe('credentials and withdrawals', () => {
    const credential = (memberId: string, by = clerk, phase: ElectionContext['phase'] = 'DELEGATE_SELECTION') =>
      ({
        type: 'CredentialDelegate',
        data: { electionId, context: context({ phase }), memberId, credentialedBy: by, credentialedAt: at },
      }) as const;
    const withdraw = (memberId: string) =>
      ({ type: 'WithdrawAsDelegate', data: { electionId, context: context(), memberId, withdrewAt: at } }) as const;
    const credentialed = (memberId: string): DelegateElectionEvent => ({
      type: 'DelegateCredentialed',
      data: { electionId, memberId, credentialedBy: clerk, credentialedAt: at },
    });
    const withdrew = (memberId: string): DelegateElectionEvent => ({
      type: 'DelegateWithdrew',
      data: { electionId, memberId, withdrewAt: at },
    });
    const seated = (memberId: string, replacing: string): DelegateElectionEvent => ({
      type: 'AlternateSeated',
      data: { electionId, memberId, replacing, seatedAt: at },
    });

    it('lets the secretariat credential a seated delegate, in any phase before CLOSED', () => {
      spec
        .given(counted)
        .when(credential(ada))
        .then([credentialed(ada)]);
      spec
        .given(counted)
        .when(credential(ada, clerk, 'VOTING'))
        .then([credentialed(ada)]);
      spec
        .given(counted)
        .when(credential(ada, clerk, 'CLOSED'))
        .thenThrows(DomainError, 'CONVENTION_CLOSED');
    });

    it('refuses others, an alternate not seated, a repeat, and an election not counted', () => {
      spec.given(counted).when(credential(ada, bea)).thenThrows(ForbiddenError, 'NOT_ON_SECRETARIAT');
      spec.given(counted).when(credential(cyd)).thenThrows(DomainError, 'NOT_A_SEATED_DELEGATE');
      spec.given(counted).when(credential(dee)).thenThrows(DomainError, 'NOT_A_SEATED_DELEGATE');
      spec
        .given([...counted, credentialed(ada)])
        .when(credential(ada))
        .thenThrows(DomainError, 'ALREADY_CREDENTIALED');
      spec.given(voting).when(credential(ada)).thenThrows(DomainError, 'DELEGATE_ELECTION_NOT_TALLIED');
    });

    it('gives a withdrawing delegate’s seat to the first waiting alternate', () => {
      spec
        .given(counted)
        .when(withdraw(bea))
        .then([withdrew(bea), seated(cyd, bea)]);
      spec
        .given([...counted, withdrew(bea), seated(cyd, bea)])
        .when(withdraw(cyd))
        .then([withdrew(cyd)]);
      spec
        .given([...counted, withdrew(bea), seated(cyd, bea)])
        .when(credential(cyd))
        .then([credentialed(cyd)]);
    });

    it('lets a waiting alternate stand down; refuses non-delegates and repeats', () => {
      spec
        .given(counted)
        .when(withdraw(cyd))
        .then([{ type: 'AlternateWithdrew', data: { electionId, memberId: cyd, withdrewAt: at } }]);
      spec.given(counted).when(withdraw(dee)).thenThrows(DomainError, 'NOT_A_DELEGATE');
      spec
        .given([...counted, withdrew(ada)])
        .when(withdraw(ada))
        .thenThrows(DomainError, 'ALREADY_WITHDRAWN');
    });

    it('derives who holds a credentialed seat from the events alone', () => {
      const history = [...counted, credentialed(ada), credentialed(bea), withdrew(bea), seated(cyd, bea)];
      const state = foldEvents(delegateElectionDecider, history);
      expect(holdsCredentialedSeat(state, ada)).toBe(true);
      expect(holdsCredentialedSeat(state, bea)).toBe(false);
      expect(holdsCredentialedSeat(state, cyd)).toBe(false);
      expect(holdsCredentialedSeat(foldEvents(delegateElectionDecider, [...history, credentialed(cyd)]), cyd)).toBe(
        true,
      );
    });

    it('rejects a malformed time', () => {
      const error = spec
        .given(counted)
        .when({ ...withdraw(ada), data: { ...withdraw(ada).data, withdrewAt: 'later' } })
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['withdrewAt']);
    });
  });

  it('takes its context from the convention stream', () => {
    const history: ConventionEvent[] = [
      {
        type: 'ConventionCalled',
        data: {
          conventionId,
          title: 'Founding',
          calledBy: 'chair',
          calledAt: at,
          rules: {
            thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '1/2' })),
            quorum: '1/2',
            amendmentDepth: 1,
            friendlyAmendments: false,
            seconders: 0,
            deadlines: [],
            totalSeats: 3,
            minimumSeatsPerChapter: 0,
            apportionmentMethod: 'HAMILTON',
            electionMethod: 'APPROVAL',
            alternatesPerChapter: 2,
            lotSeed: 'seed',
          },
        },
      },
      {
        type: 'SecretariatMemberAppointed',
        data: { conventionId, memberId: clerk, appointedBy: 'chair', appointedAt: at },
      },
    ];
    const state = foldEvents(conventionDecider, history);
    expect(electionContextOf(state, conventionId, chapterId)).toEqual({
      conventionId,
      chapterId,
      phase: 'CALLED',
      seats: 0,
      method: 'APPROVAL',
      alternates: 2,
      seed: 'seed/delegate-election/ch-london',
      secretariat: [clerk],
    });
    expect(() => electionContextOf(state, 'other', chapterId)).toThrow(
      expect.objectContaining({ code: 'CONVENTION_NOT_FOUND' }),
    );
  });
});
