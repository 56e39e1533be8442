import { DelegateCredentials } from '../../apps/api/src/convention/convention-facts';
import { KEY_VAULT } from '../../apps/api/src/infrastructure/tokens';
import { delegateSelectionKeyId } from '../../libs/convention/src';
import type { KeyVault } from '../../libs/privacy/src';
import { GraphQLResult, TestApp } from '../support/test-app';

const APPOINT_COMMITTEE = `mutation ($input: AppointCommitteeMemberInput!) {
  appointCommitteeMember(input: $input) { memberId }
}`;
const JOIN = `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`;
const CALL = `mutation ($input: CallConventionInput!) {
  callConvention(input: $input) { conventionId receipt { commandId position revision replayed } }
}`;
const APPOINT = `mutation ($input: SecretariatMemberInput!) {
  appointSecretariatMember(input: $input) { conventionId receipt { position } }
}`;
const REMOVE = `mutation ($input: SecretariatMemberInput!) {
  removeSecretariatMember(input: $input) { conventionId receipt { position } }
}`;
const ADVANCE = `mutation ($input: AdvanceConventionPhaseInput!) {
  advanceConventionPhase(input: $input) { conventionId phase receipt { position } }
}`;
const NOMINATE = `mutation ($input: NominateDelegateInput!) {
  nominateDelegate(input: $input) { electionId receipt { position } }
}`;
const CONSENT = `mutation ($input: DelegateElectionInput!) {
  consentToNomination(input: $input) { electionId receipt { position } }
}`;
const DECLINE = `mutation ($input: DelegateElectionInput!) {
  declineNomination(input: $input) { electionId receipt { position } }
}`;
const OPEN = `mutation ($input: DelegateElectionInput!) {
  openDelegateVoting(input: $input) { electionId receipt { position } }
}`;
const BALLOT = `mutation ($input: CastDelegateBallotInput!) {
  castDelegateBallot(input: $input) { electionId receipt { position replayed } }
}`;
const CLOSE = `mutation ($input: DelegateElectionInput!) {
  closeDelegateVoting(input: $input) { electionId receipt { position replayed } }
}`;
const CREDENTIAL = `mutation ($input: CredentialDelegateInput!) {
  credentialDelegate(input: $input) { electionId receipt { position } }
}`;
const WITHDRAW = `mutation ($input: DelegateElectionInput!) {
  withdrawAsDelegate(input: $input) { electionId receipt { position } }
}`;
const CONVENTION = `query ($id: ID, $wait: String) {
  convention(id: $id, waitForPosition: $wait) {
    id title phase calledBy calledAt
    rules {
      thresholds { kind threshold } quorum amendmentDepth friendlyAmendments seconders
      deadlines { phase deadline } totalSeats minimumSeatsPerChapter apportionmentMethod electionMethod
      alternatesPerChapter lotSeed
    }
    secretariat { memberId pseudonym }
    phases { phase enteredBy }
    apportionment { cutoffPosition method totalSeats minimumSeatsPerChapter chapters { chapterId members seats } working { method seats minimumPerUnit totalPopulation allocations { id population seats } awards { seat unit divisor quotient { exact decimal } byLot } nextQuotients { unit divisor quotient { exact decimal } } hamiltonRounds { seats population lines { unit quota { exact decimal } floor remainder { exact decimal } extraSeat byLot } raisedToMinimum } lots { context seed order keys } } }
  }
}`;
const ELECTION = `query ($conventionId: ID!, $chapterId: ID!, $wait: String) {
  delegateElection(conventionId: $conventionId, chapterId: $chapterId, waitForPosition: $wait) {
    id seats method alternates status candidates ballots
    nominations { candidateId pseudonym nominatedBy status }
    tally { elected alternates working { method ballots blank quota elected alternates approvals { candidate approvals } stages { stage action transferring lines { candidate status votes change } elected excluded } } }
  }
}`;
const ROSTER = `query ($conventionId: ID!, $wait: String, $first: Int, $after: String) {
  delegateRoster(conventionId: $conventionId, waitForPosition: $wait, first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { memberId pseudonym chapterId role rank seated credentialed withdrawn replacing }
  }
}`;

type Member = { memberId: string; token: string };

const KINDS = [
  'ADOPT_RULE',
  'AMEND_RULE',
  'REPEAL_RULE',
  'CREATE_BODY',
  'ADOPT_COMMITMENT',
  'ADOPT_CAMPAIGN',
  'RESOLUTION',
];
const rulesOf = (overrides: Record<string, unknown> = {}) => ({
  thresholds: KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '0.5' : '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 2,
  deadlines: [],
  totalSeats: 3,
  minimumSeatsPerChapter: 1,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'STV',
  alternatesPerChapter: 1,
  lotSeed: 'founding-2026',
  ...overrides,
});

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function expectOk<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, reason: string) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code, reason });
}

/** A committee of one and the given members, each optionally in a chapter. */
async function setUp(app: TestApp, chapters: Record<string, string[]>) {
  const operator = await app.operatorToken();
  const chair = await app.enroll('Chair Person');
  expectOk(await app.gql(APPOINT_COMMITTEE, { input: { memberId: chair.memberId } }, { token: operator }));
  const members: Record<string, Member> = {};
  const chapterIds: Record<string, string> = {};
  for (const [chapter, names] of Object.entries(chapters)) {
    // The first member founds the chapter (alone: these apps need one founder); an empty chapter's
    // founder leaves it again.
    const [first, ...others] = names;
    const founder = await app.enroll(first ?? `${chapter} Founder`);
    if (first !== undefined) members[first] = founder;
    chapterIds[chapter] = (await app.foundChapter(founder.token, chapter, null)).chapterId;
    if (first === undefined) {
      expectOk(await app.gql('mutation { leaveChapter { memberId } }', {}, { token: founder.token }));
    }
    for (const name of others) {
      members[name] = await app.enroll(name);
      expectOk(await app.gql(JOIN, { input: { chapterId: chapterIds[chapter] } }, { token: members[name].token }));
    }
  }
  return { chair, members, chapterIds };
}

describe('the convention over GraphQL (e2e)', () => {
  let app: TestApp;
  let chair: Member;
  let clerk: Member;
  let outsider: Member;
  let m: Record<string, Member>;
  let chapters: Record<string, string>;
  let conventionId: string;
  let selectionOpenedAt: string;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
    const setup = await setUp(app, {
      London: ['Ada', 'Bea', 'Cyd', 'Dee', 'Gus'],
      Paris: ['Eve', 'Fay'],
      Quiet: [],
    });
    ({ chair, members: m, chapterIds: chapters } = setup);
    clerk = await app.enroll('Clerk Kent');
    outsider = await app.enroll('Out Sider');
  });

  afterAll(async () => {
    await app.stop();
  });

  const election = (chapter: string, extra: Record<string, unknown> = {}) => ({
    input: { conventionId, chapterId: chapters[chapter], ...extra },
  });

  describe('1. the call, the secretariat and the phases', () => {
    let calledForDeadline: number;

    it('refuses a call by anyone not on the committee, and bad rules, appending nothing', async () => {
      const input = { title: 'Founding convention', rules: rulesOf() };
      expectError(
        await app.expectNothingAppended(() => app.gql(CALL, { input }, { token: outsider.token })),
        'FORBIDDEN',
        'NOT_A_COMMITTEE_MEMBER',
      );
      const bad = await app.expectNothingAppended(() =>
        app.gql(
          CALL,
          { input: { ...input, rules: rulesOf({ quorum: '5/4', totalSeats: 0, thresholds: [] }) } },
          { token: chair.token },
        ),
      );
      expectError(bad, 'BAD_USER_INPUT', 'INVALID_INPUT');
      expect((bad.errors![0].extensions!.fields as Array<{ field: string }>).map((problem) => problem.field)).toEqual([
        'rules.thresholds',
        'rules.quorum',
        'rules.totalSeats',
      ]);
    });

    it('a committee member calls the convention; a retry returns the same receipt', async () => {
      calledForDeadline = Date.now() + 2500;
      const input = {
        commandId: '0b9d3f8e-8f3c-4f4e-9d55-3f1d2c1b0a01',
        title: '  Founding   convention ',
        rules: rulesOf({ deadlines: [{ phase: 'CALLED', deadline: new Date(calledForDeadline).toISOString() }] }),
      };
      const called = expectOk(await app.gql(CALL, { input }, { token: chair.token })).callConvention;
      conventionId = called.conventionId;
      const retried = expectOk(await app.gql(CALL, { input }, { token: chair.token })).callConvention;
      expect(retried).toEqual({ ...called, receipt: { ...called.receipt, replayed: true } });

      const view = expectOk(await app.gql(CONVENTION, { wait: called.receipt.position })).convention;
      expect(view).toMatchObject({
        id: conventionId,
        title: 'Founding convention',
        phase: 'CALLED',
        calledBy: chair.memberId,
        secretariat: [],
        phases: [{ phase: 'CALLED', enteredBy: chair.memberId }],
        apportionment: null,
      });
      expect(view.rules.thresholds).toContainEqual({ kind: 'RESOLUTION', threshold: '1/2' });
      expect(view.rules).toMatchObject({
        quorum: '1/2',
        totalSeats: 3,
        electionMethod: 'STV',
        lotSeed: 'founding-2026',
      });
    });

    it('refuses a second call while the first is not closed', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(CALL, { input: { title: 'Another', rules: rulesOf() } }, { token: chair.token }),
        ),
        'CONFLICT',
        'CONVENTION_IN_PROGRESS',
      );
    });

    it('the committee appoints and removes secretariat members; nobody else may', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(APPOINT, { input: { conventionId, memberId: clerk.memberId } }, { token: clerk.token }),
        ),
        'FORBIDDEN',
        'NOT_A_COMMITTEE_MEMBER',
      );
      expectOk(await app.gql(APPOINT, { input: { conventionId, memberId: clerk.memberId } }, { token: chair.token }));
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(APPOINT, { input: { conventionId, memberId: clerk.memberId } }, { token: chair.token }),
        ),
        'CONFLICT',
        'ALREADY_ON_SECRETARIAT',
      );
      expectOk(await app.gql(APPOINT, { input: { conventionId, memberId: m.Fay.memberId } }, { token: chair.token }));
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(REMOVE, { input: { conventionId, memberId: m.Fay.memberId } }, { token: clerk.token }),
        ),
        'FORBIDDEN',
        'NOT_A_COMMITTEE_MEMBER',
      );
      const removed = expectOk(
        await app.gql(REMOVE, { input: { conventionId, memberId: m.Fay.memberId } }, { token: chair.token }),
      ).removeSecretariatMember;
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(REMOVE, { input: { conventionId, memberId: m.Fay.memberId } }, { token: chair.token }),
        ),
        'CONFLICT',
        'NOT_A_SECRETARIAT_MEMBER',
      );
      const view = expectOk(await app.gql(CONVENTION, { id: conventionId, wait: removed.receipt.position })).convention;
      expect(view.secretariat).toEqual([{ memberId: clerk.memberId, pseudonym: 'Clerk Kent' }]);
    });

    it('only the secretariat moves the convention, one step forward, after the deadline', async () => {
      const advance = (to: string, token: string) => app.gql(ADVANCE, { input: { conventionId, to } }, { token });
      expectError(
        await app.expectNothingAppended(() => advance('DELEGATE_SELECTION', chair.token)),
        'FORBIDDEN',
        'NOT_ON_SECRETARIAT',
      );
      expectError(
        await app.expectNothingAppended(() => advance('PROPOSAL_SUBMISSION', clerk.token)),
        'CONFLICT',
        'PHASE_NOT_NEXT',
      );
      expectError(
        await app.expectNothingAppended(() => advance('DELEGATE_SELECTION', clerk.token)),
        'CONFLICT',
        'PHASE_DEADLINE_NOT_PASSED',
      );
      await sleep(Math.max(0, calledForDeadline - Date.now()) + 100);
      const advanced = expectOk(await advance('DELEGATE_SELECTION', clerk.token)).advanceConventionPhase;
      expect(advanced.phase).toBe('DELEGATE_SELECTION');
      selectionOpenedAt = advanced.receipt.position;
      expectError(await app.expectNothingAppended(() => advance('CALLED', clerk.token)), 'CONFLICT', 'PHASE_NOT_NEXT');
    });
  });

  describe('2. apportionment', () => {
    it('records members per chapter at the cut-off, the seats and the working', async () => {
      const view = expectOk(await app.gql(CONVENTION, { id: conventionId, wait: selectionOpenedAt })).convention;
      expect(view.phase).toBe('DELEGATE_SELECTION');
      const { apportionment } = view;
      expect(apportionment).toMatchObject({ method: 'SAINTE_LAGUE', totalSeats: 3, minimumSeatsPerChapter: 1 });
      expect(Number(apportionment.cutoffPosition)).toBeGreaterThan(0);
      expect(apportionment.chapters).toEqual(
        [
          { chapterId: chapters.London, members: 5, seats: 2 },
          { chapterId: chapters.Paris, members: 2, seats: 1 },
        ].sort((a, b) => (a.chapterId < b.chapterId ? -1 : 1)),
      );
      const { working } = apportionment;
      expect(working).toMatchObject({ method: 'sainte-lague', seats: 3, totalPopulation: '7' });
      expect(working.awards).toEqual([expect.objectContaining({ seat: 3, unit: chapters.London, divisor: 3 })]);
    });
  });

  describe('3. delegate elections', () => {
    let londonElectionId: string;

    it('takes nominations from chapter members, with consent', async () => {
      londonElectionId = expectOk(
        await app.gql(NOMINATE, election('London', { candidateId: m.Ada.memberId }), { token: m.Ada.token }),
      ).nominateDelegate.electionId;
      expectOk(await app.gql(NOMINATE, election('London', { candidateId: m.Bea.memberId }), { token: m.Ada.token }));
      expectOk(await app.gql(NOMINATE, election('London', { candidateId: m.Cyd.memberId }), { token: m.Dee.token }));
      expectOk(await app.gql(NOMINATE, election('London', { candidateId: m.Dee.memberId }), { token: m.Dee.token }));
      expectOk(await app.gql(CONSENT, election('London'), { token: m.Bea.token }));
      const declined = expectOk(await app.gql(DECLINE, election('London'), { token: m.Cyd.token })).declineNomination;
      const view = expectOk(
        await app.gql(ELECTION, { conventionId, chapterId: chapters.London, wait: declined.receipt.position }),
      ).delegateElection;
      expect(view).toMatchObject({
        seats: 2,
        method: 'STV',
        alternates: 1,
        status: 'NOMINATING',
        ballots: 0,
        tally: null,
      });
      expect(view.nominations).toEqual([
        { candidateId: m.Ada.memberId, pseudonym: 'Ada', nominatedBy: m.Ada.memberId, status: 'ACCEPTED' },
        { candidateId: m.Bea.memberId, pseudonym: 'Bea', nominatedBy: m.Ada.memberId, status: 'ACCEPTED' },
        { candidateId: m.Cyd.memberId, pseudonym: 'Cyd', nominatedBy: m.Dee.memberId, status: 'DECLINED' },
        { candidateId: m.Dee.memberId, pseudonym: 'Dee', nominatedBy: m.Dee.memberId, status: 'ACCEPTED' },
      ]);
    });

    it('refuses nominations by and of non-members, and in a chapter without seats', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('London', { candidateId: m.Gus.memberId }), { token: outsider.token }),
        ),
        'FORBIDDEN',
        'NOT_A_CHAPTER_MEMBER',
      );
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('London', { candidateId: m.Eve.memberId }), { token: m.Ada.token }),
        ),
        'CONFLICT',
        'NOMINEE_NOT_IN_CHAPTER',
      );
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('London', { candidateId: m.Ada.memberId }), { token: m.Bea.token }),
        ),
        'CONFLICT',
        'ALREADY_NOMINATED',
      );
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('Quiet', { candidateId: m.Ada.memberId }), { token: m.Ada.token }),
        ),
        'CONFLICT',
        'CHAPTER_HAS_NO_SEATS',
      );
      expectError(
        await app.expectNothingAppended(() => app.gql(CONSENT, election('London'), { token: m.Gus.token })),
        'NOT_FOUND',
        'NOMINATION_NOT_FOUND',
      );
    });

    it('refuses ballots before voting opens and lets only the secretariat open it', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(BALLOT, election('London', { ranking: [m.Ada.memberId] }), { token: m.Ada.token }),
        ),
        'CONFLICT',
        'DELEGATE_VOTING_NOT_OPEN',
      );
      expectError(
        await app.expectNothingAppended(() => app.gql(OPEN, election('London'), { token: chair.token })),
        'FORBIDDEN',
        'NOT_ON_SECRETARIAT',
      );
      expectOk(await app.gql(OPEN, election('London'), { token: clerk.token }));
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('London', { candidateId: m.Gus.memberId }), { token: m.Gus.token }),
        ),
        'CONFLICT',
        'NOMINATIONS_CLOSED',
      );
    });

    it('lets only the chapter’s members vote; a later ballot replaces the earlier', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(BALLOT, election('London', { ranking: [m.Ada.memberId] }), { token: m.Eve.token }),
        ),
        'FORBIDDEN',
        'NOT_A_CHAPTER_MEMBER',
      );
      const notStanding = await app.expectNothingAppended(() =>
        app.gql(BALLOT, election('London', { ranking: [m.Ada.memberId, m.Cyd.memberId] }), { token: m.Ada.token }),
      );
      expectError(notStanding, 'BAD_USER_INPUT', 'UNKNOWN_CANDIDATE');
      expect(notStanding.errors![0].extensions).toMatchObject({ field: 'ranking', candidates: [m.Cyd.memberId] });
      expect(notStanding.errors![0].message).toContain('not standing');
      const twice = await app.expectNothingAppended(() =>
        app.gql(BALLOT, election('London', { ranking: [m.Ada.memberId, m.Bea.memberId, m.Ada.memberId] }), {
          token: m.Ada.token,
        }),
      );
      expectError(twice, 'BAD_USER_INPUT', 'DUPLICATE_RANKING');
      expect(twice.errors![0].extensions).toMatchObject({ field: 'ranking', candidates: [m.Ada.memberId] });
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(BALLOT, election('London', { approved: [m.Ada.memberId] }), { token: m.Ada.token }),
        ),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
      const ballots: Array<[Member, Member[]]> = [
        [m.Ada, [m.Ada, m.Bea]],
        [m.Bea, [m.Bea, m.Ada]],
        [m.Cyd, [m.Bea]],
        [m.Dee, [m.Dee, m.Ada]],
        [m.Gus, [m.Dee, m.Bea]],
        [m.Cyd, [m.Ada, m.Dee]],
      ];
      let last = '0';
      for (const [voter, ranking] of ballots) {
        const cast = expectOk(
          await app.gql(BALLOT, election('London', { ranking: ranking.map((member) => member.memberId) }), {
            token: voter.token,
          }),
        ).castDelegateBallot;
        last = cast.receipt.position;
      }
      // Cyd's two ballots share one stream, named by the vault's key for Cyd, never by Cyd's id.
      const voterKey = await app.app
        .get<KeyVault>(KEY_VAULT)
        .ballotKey(delegateSelectionKeyId(conventionId), m.Cyd.memberId);
      const stream = await app.store.readStream(`DelegateBallot-${conventionId}-${voterKey}`);
      expect(stream).toHaveLength(2);
      expect(stream.map((event) => event.data)).toEqual([
        expect.objectContaining({ electionId: londonElectionId, voterKey }),
        expect.objectContaining({ electionId: londonElectionId, voterKey }),
      ]);
      expect(stream.map((event) => event.metadata.actor)).toEqual([null, null]);
      const text = JSON.stringify(stream, (_key, value: unknown) =>
        typeof value === 'bigint' ? String(value) : value,
      );
      expect(text).not.toContain(m.Cyd.memberId);
      const view = expectOk(
        await app.gql(ELECTION, { conventionId, chapterId: chapters.London, wait: last }),
      ).delegateElection;
      expect(view).toMatchObject({ status: 'VOTING', ballots: 5, tally: null });
      expect(view.candidates).toEqual([m.Ada.memberId, m.Bea.memberId, m.Dee.memberId]);
    });

    it('the secretariat closes and counts; later ballots do not count', async () => {
      expectError(
        await app.expectNothingAppended(() => app.gql(CLOSE, election('London'), { token: m.Ada.token })),
        'FORBIDDEN',
        'NOT_ON_SECRETARIAT',
      );
      const closed = expectOk(await app.gql(CLOSE, election('London'), { token: clerk.token })).closeDelegateVoting;
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(BALLOT, election('London', { ranking: [m.Bea.memberId] }), { token: m.Gus.token }),
        ),
        'CONFLICT',
        'DELEGATE_VOTING_NOT_OPEN',
      );
      const view = expectOk(
        await app.gql(ELECTION, { conventionId, chapterId: chapters.London, wait: closed.receipt.position }),
      ).delegateElection;
      expect(view.status).toBe('TALLIED');
      expect(view.ballots).toBe(5);
      expect([...view.tally.elected].sort()).toEqual([m.Ada.memberId, m.Dee.memberId].sort());
      expect(view.tally.alternates).toEqual([m.Bea.memberId]);
      const { working } = view.tally;
      expect(working).toMatchObject({ method: 'scottish-stv', quota: 2, ballots: 5, blank: 0 });
      expect(working.stages[0].lines).toEqual(
        expect.arrayContaining([expect.objectContaining({ candidate: m.Bea.memberId, votes: '1.00000' })]),
      );
      expect(JSON.stringify(view)).not.toContain(m.Gus.memberId);
    });

    it('refuses to leave DELEGATE_SELECTION while a chapter with seats has not counted', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(ADVANCE, { input: { conventionId, to: 'PROPOSAL_SUBMISSION' } }, { token: clerk.token }),
        ),
        'CONFLICT',
        'DELEGATE_ELECTIONS_NOT_TALLIED',
      );
      expectOk(await app.gql(NOMINATE, election('Paris', { candidateId: m.Eve.memberId }), { token: m.Eve.token }));
      expectOk(await app.gql(NOMINATE, election('Paris', { candidateId: m.Fay.memberId }), { token: m.Fay.token }));
      expectOk(await app.gql(OPEN, election('Paris'), { token: clerk.token }));
      expectOk(await app.gql(BALLOT, election('Paris', { ranking: [m.Eve.memberId] }), { token: m.Eve.token }));
      expectOk(
        await app.gql(BALLOT, election('Paris', { ranking: [m.Eve.memberId, m.Fay.memberId] }), { token: m.Fay.token }),
      );
      const closeParis = election('Paris', { commandId: '0b9d3f8e-8f3c-4f4e-9d55-3f1d2c1b0a02' });
      const closed = expectOk(await app.gql(CLOSE, closeParis, { token: clerk.token })).closeDelegateVoting;
      const retried = await app.expectNothingAppended(() => app.gql(CLOSE, closeParis, { token: clerk.token }));
      expect(expectOk(retried).closeDelegateVoting).toEqual({
        ...closed,
        receipt: { ...closed.receipt, replayed: true },
      });
      expectError(
        await app.expectNothingAppended(() => app.gql(CLOSE, election('Paris'), { token: clerk.token })),
        'CONFLICT',
        'DELEGATE_ELECTION_TALLIED',
      );
    });
  });

  describe('4. credentials and alternates', () => {
    const roster = async (wait: string) =>
      expectOk(await app.gql(ROSTER, { conventionId, wait, first: 200 })).delegateRoster.nodes as Array<
        Record<string, unknown>
      >;

    it('the secretariat credentials seated delegates only', async () => {
      const credential = (member: Member, chapter: string, token: string) =>
        app.gql(CREDENTIAL, election(chapter, { memberId: member.memberId }), { token });
      expectError(
        await app.expectNothingAppended(() => credential(m.Ada, 'London', m.Ada.token)),
        'FORBIDDEN',
        'NOT_ON_SECRETARIAT',
      );
      expectOk(await credential(m.Ada, 'London', clerk.token));
      expectOk(await credential(m.Eve, 'Paris', clerk.token));
      expectError(
        await app.expectNothingAppended(() => credential(m.Ada, 'London', clerk.token)),
        'CONFLICT',
        'ALREADY_CREDENTIALED',
      );
      const last = expectOk(await credential(m.Dee, 'London', clerk.token)).credentialDelegate;
      expectError(
        await app.expectNothingAppended(() => credential(m.Bea, 'London', clerk.token)),
        'CONFLICT',
        'NOT_A_SEATED_DELEGATE',
      );
      const entries = await roster(last.receipt.position);
      expect(entries).toHaveLength(5);
      expect(entries.find((entry) => entry.memberId === m.Bea.memberId)).toMatchObject({
        role: 'ALTERNATE',
        rank: 1,
        seated: false,
        credentialed: false,
      });
      expect(entries.find((entry) => entry.memberId === m.Fay.memberId)).toMatchObject({
        chapterId: chapters.Paris,
        role: 'ALTERNATE',
      });
      const credentials = app.app.get(DelegateCredentials);
      expect(await credentials.isCredentialedDelegate(conventionId, m.Ada.memberId)).toBe(true);
      expect(await credentials.isCredentialedDelegate(conventionId, m.Bea.memberId)).toBe(false);
      expect(await credentials.isCredentialedDelegate(conventionId, outsider.memberId)).toBe(false);
    });

    it('a withdrawing delegate’s seat goes to the next alternate, to be credentialed in turn', async () => {
      expectError(
        await app.expectNothingAppended(() => app.gql(WITHDRAW, election('London'), { token: m.Gus.token })),
        'CONFLICT',
        'NOT_A_DELEGATE',
      );
      expectOk(await app.gql(WITHDRAW, election('London'), { token: m.Ada.token }));
      expectError(
        await app.expectNothingAppended(() => app.gql(WITHDRAW, election('London'), { token: m.Ada.token })),
        'CONFLICT',
        'ALREADY_WITHDRAWN',
      );
      const credentials = app.app.get(DelegateCredentials);
      expect(await credentials.isCredentialedDelegate(conventionId, m.Ada.memberId)).toBe(false);
      expect(await credentials.isCredentialedDelegate(conventionId, m.Bea.memberId)).toBe(false);
      const credentialed = expectOk(
        await app.gql(CREDENTIAL, election('London', { memberId: m.Bea.memberId }), { token: clerk.token }),
      ).credentialDelegate;
      expect(await credentials.isCredentialedDelegate(conventionId, m.Bea.memberId)).toBe(true);
      const entries = await roster(credentialed.receipt.position);
      expect(entries.find((entry) => entry.memberId === m.Ada.memberId)).toMatchObject({
        seated: false,
        withdrawn: true,
        credentialed: true,
      });
      expect(entries.find((entry) => entry.memberId === m.Bea.memberId)).toMatchObject({
        role: 'ALTERNATE',
        seated: true,
        credentialed: true,
        replacing: m.Ada.memberId,
      });

      // Page by page, two at a time: the whole roster in its order (chapter, delegates before
      // alternates, rank), each entry once; a cursor from another list is refused.
      const paged: Array<Record<string, unknown>> = [];
      let after: string | null = null;
      for (;;) {
        const page: { totalCount: number; pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: [] } = expectOk(
          await app.gql(ROSTER, {
            conventionId,
            wait: credentialed.receipt.position,
            first: 2,
            ...(after === null ? {} : { after }),
          }),
        ).delegateRoster;
        expect(page.totalCount).toBe(entries.length);
        paged.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(entries);
      const order = (entry: Record<string, unknown>) =>
        [String(entry.chapterId), entry.role === 'DELEGATE' ? 0 : 1, Number(entry.rank)] as const;
      const sorted = [...entries].sort((x, y) => {
        const [a, b] = [order(x), order(y)];
        if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
        return a[1] - b[1] || a[2] - b[2];
      });
      expect(sorted).toEqual(entries);
      expectError(
        await app.gql(ROSTER, { conventionId, after: Buffer.from('12:abc').toString('base64url') }),
        'BAD_USER_INPUT',
        'INVALID_CURSOR',
      );
    });

    it('moves on to PROPOSAL_SUBMISSION once every chapter has counted', async () => {
      const advanced = expectOk(
        await app.gql(ADVANCE, { input: { conventionId, to: 'PROPOSAL_SUBMISSION' } }, { token: clerk.token }),
      ).advanceConventionPhase;
      const view = expectOk(await app.gql(CONVENTION, { wait: advanced.receipt.position })).convention;
      expect(view.phases.map((entry: { phase: string }) => entry.phase)).toEqual([
        'CALLED',
        'DELEGATE_SELECTION',
        'PROPOSAL_SUBMISSION',
      ]);
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(NOMINATE, election('London', { candidateId: m.Gus.memberId }), { token: m.Gus.token }),
        ),
        'CONFLICT',
        'NOT_IN_DELEGATE_SELECTION',
      );
    });

    it('lists every delegate election of the convention, a page at a time, in chapter-id order', async () => {
      const LIST = `query ($conventionId: UUID!, $first: Int, $after: String) {
        delegateElections(conventionId: $conventionId, first: $first, after: $after) {
          nodes { chapterId status seats } pageInfo { endCursor hasNextPage } totalCount
        }
      }`;
      const withSeats = [chapters.London, chapters.Paris].sort();
      const first = expectOk(await app.gql(LIST, { conventionId, first: 1 })).delegateElections;
      expect(first.totalCount).toBe(2);
      expect(first.nodes.map((node: { chapterId: string }) => node.chapterId)).toEqual([withSeats[0]]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = expectOk(
        await app.gql(LIST, { conventionId: conventionId.toUpperCase(), first: 1, after: first.pageInfo.endCursor }),
      ).delegateElections;
      expect(second.nodes.map((node: { chapterId: string }) => node.chapterId)).toEqual([withSeats[1]]);
      expect(second.nodes[0]).toMatchObject({ status: 'TALLIED' });
      expect(second.pageInfo.hasNextPage).toBe(false);

      expectError(
        await app.gql(LIST, { conventionId, after: 'bm90LWEtY2hhcHRlcg' }),
        'BAD_USER_INPUT',
        'INVALID_CURSOR',
      );
      const tooMany = await app.gql(LIST, { conventionId, first: 500 });
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const malformed = await app.gql(LIST, { conventionId: 'not-a-uuid' });
      expect(malformed.errors?.[0].message).toMatch(/UUID/);
    });
  });
});

describe('apportionment rejections over GraphQL (e2e)', () => {
  let app: TestApp;

  afterAll(async () => {
    await app.stop();
  });

  it('refuses to apportion without members, or with more minimum seats than seats', async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
    const { chair } = await setUp(app, { Empty: [] });
    const clerk = await app.enroll('Clerk Kent');
    const call = expectOk(
      await app.gql(CALL, { input: { title: 'Small', rules: rulesOf({ totalSeats: 1 }) } }, { token: chair.token }),
    ).callConvention;
    const conventionId = call.conventionId;
    expectOk(await app.gql(APPOINT, { input: { conventionId, memberId: clerk.memberId } }, { token: chair.token }));
    const advance = () =>
      app.gql(ADVANCE, { input: { conventionId, to: 'DELEGATE_SELECTION' } }, { token: clerk.token });
    expectError(await app.expectNothingAppended(advance), 'CONFLICT', 'NO_CHAPTER_WITH_MEMBERS');

    for (const chapter of ['North', 'South']) {
      const founder = await app.enroll(`${chapter} Member`);
      await app.foundChapter(founder.token, chapter, null);
    }
    const rejected = await app.expectNothingAppended(advance);
    expectError(rejected, 'CONFLICT', 'MINIMUM_SEATS_EXCEED_TOTAL');
    expect(rejected.errors![0].extensions).toMatchObject({ chapters: 2, minimumSeatsPerChapter: 1, totalSeats: 1 });
  });
});

describe('an approval election over GraphQL (e2e)', () => {
  let app: TestApp;

  afterAll(async () => {
    await app.stop();
  });

  it('counts approvals under Hamilton seats and keeps the runner-up as alternate', async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
    const { chair, members, chapterIds } = await setUp(app, { North: ['Ann', 'Ben', 'Col'] });
    const clerk = await app.enroll('Clerk Kent');
    const rules = rulesOf({ electionMethod: 'APPROVAL', apportionmentMethod: 'HAMILTON', totalSeats: 1 });
    const { conventionId } = expectOk(
      await app.gql(CALL, { input: { title: 'Approval', rules } }, { token: chair.token }),
    ).callConvention;
    expectOk(await app.gql(APPOINT, { input: { conventionId, memberId: clerk.memberId } }, { token: chair.token }));
    expectOk(await app.gql(ADVANCE, { input: { conventionId, to: 'DELEGATE_SELECTION' } }, { token: clerk.token }));
    const input = (extra: Record<string, unknown> = {}) => ({
      input: { conventionId, chapterId: chapterIds.North, ...extra },
    });
    for (const name of ['Ann', 'Ben']) {
      expectOk(await app.gql(NOMINATE, input({ candidateId: members[name].memberId }), { token: members[name].token }));
    }
    expectOk(await app.gql(OPEN, input(), { token: clerk.token }));
    const [ann, ben] = [members.Ann.memberId, members.Ben.memberId];
    expectError(
      await app.expectNothingAppended(() =>
        app.gql(BALLOT, input({ ranking: [ann], approved: [ann] }), { token: members.Ann.token }),
      ),
      'BAD_USER_INPUT',
      'INVALID_INPUT',
    );
    expectOk(await app.gql(BALLOT, input({ approved: [ann, ben] }), { token: members.Ann.token }));
    expectOk(await app.gql(BALLOT, input({ approved: [ben] }), { token: members.Ben.token }));
    expectOk(await app.gql(BALLOT, input({ approved: [] }), { token: members.Col.token }));
    const closed = expectOk(await app.gql(CLOSE, input(), { token: clerk.token })).closeDelegateVoting;
    const view = expectOk(
      await app.gql(ELECTION, { conventionId, chapterId: chapterIds.North, wait: closed.receipt.position }),
    ).delegateElection;
    expect(view).toMatchObject({
      method: 'APPROVAL',
      seats: 1,
      ballots: 3,
      tally: { elected: [ben], alternates: [ann] },
    });
    expect(view.tally.working).toMatchObject({
      method: 'approval',
      ballots: 3,
      blank: 1,
      approvals: [
        { candidate: ann, approvals: 1 },
        { candidate: ben, approvals: 2 },
      ],
    });
    const convention = expectOk(await app.gql(CONVENTION, { id: conventionId })).convention;
    expect(convention.apportionment.working).toMatchObject({ method: 'hamilton', hamiltonRounds: [{}] });
  });
});
