import { ConventionInRatification, FixtureMember, conventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const TRAIL = `query ($entity: AuditEntity!, $id: UUID!, $first: Int, $after: String, $wait: String, $asOf: String) {
  auditTrail(entity: $entity, id: $id, first: $first, after: $after, waitForPosition: $wait, asOf: $asOf) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { recorded { position at eventType actor } stream secretBallot { tracker status } }
  }
}`;
const ENROL = `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token receipt { position } } }`;
const OPEN = `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId receipt { position } } }`;
const CAST = `mutation ($input: CastReferendumBallotInput!) {
  castReferendumBallot(input: $input) { tracker receipt { position } }
}`;
const CLOSE = `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { receipt { position } } }`;

type Entry = {
  recorded: { position: string; at: string; eventType: string; actor: string | null };
  stream: string;
  secretBallot: { tracker: string | null; status: string } | null;
};
type Trail = { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Entry[] };

/** The contact details a voter enrols with: they must reach no trail, in no form. */
const CANARY = 'canary-7f3a9c@example.org';

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('audit trail over GraphQL (e2e)', () => {
  let app: TestApp;
  let convention: ConventionInRatification;
  let voter: FixtureMember & { pseudonym: string };
  let referendumId: string;
  let electionId: string;
  let trackers: { first: string; second: string; chair: string };
  let ballotPositions: string[];
  let beforeClose: string;
  let last: string;

  const trail = async (entity: string, id: string, variables: Record<string, unknown> = {}) =>
    ok(await app.gql<{ auditTrail: Trail }>(TRAIL, { entity, id, wait: last, ...variables })).auditTrail;

  /** Every page of a trail, followed cursor by cursor, two entries at a time. */
  const wholeTrail = async (entity: string, id: string, variables: Record<string, unknown> = {}) => {
    const entries: Entry[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Trail = await trail(entity, id, { first: 2, ...(after === null ? {} : { after }), ...variables });
      entries.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return entries;
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    app = await TestApp.start();
    convention = await conventionInRatification(app);
    const enrolled = ok(
      await app.gql<{ enrollMember: { memberId: string; token: string } }>(ENROL, {
        input: {
          pseudonym: 'Quiet Voter',
          contact: CANARY,
          acceptedCommitmentsVersion: await app.currentCommitmentsVersion(),
        },
      }),
    ).enrollMember;
    voter = { ...enrolled, pseudonym: 'Quiet Voter' };
    const election = ok(
      await app.gql<{ delegateElection: { id: string } }>(
        `query ($conventionId: ID!, $chapterId: ID!) { delegateElection(conventionId: $conventionId, chapterId: $chapterId) { id } }`,
        { conventionId: convention.conventionId, chapterId: convention.chapterId },
      ),
    ).delegateElection;
    electionId = election.id;

    referendumId = ok(
      await app.gql<{ openReferendum: { referendumId: string } }>(
        OPEN,
        { input: { conventionId: convention.conventionId } },
        { token: convention.clerk.token },
      ),
    ).openReferendum.referendumId;
    const cast = async (token: string, choice: string) =>
      ok(
        await app.gql<{ castReferendumBallot: { tracker: string; receipt: { position: string } } }>(
          CAST,
          { input: { referendumId, choice } },
          { token },
        ),
      ).castReferendumBallot;
    const first = await cast(voter.token, 'YES');
    const second = await cast(voter.token, 'NO');
    const chair = await cast(convention.chair.token, 'YES');
    trackers = { first: first.tracker, second: second.tracker, chair: chair.tracker };
    ballotPositions = [first.receipt.position, second.receipt.position, chair.receipt.position];
    beforeClose = chair.receipt.position;
    last = ok(
      await app.gql<{ closeReferendum: { receipt: { position: string } } }>(
        CLOSE,
        { input: { referendumId } },
        { token: convention.clerk.token },
      ),
    ).closeReferendum.receipt.position;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("shows a referendum's secret ballots under it only as trackers, with what became of each, and no voter", async () => {
    const entries = await wholeTrail('REFERENDUM', referendumId);
    const ballots = entries.filter((entry) => entry.recorded.eventType === 'ReferendumBallotCast');
    // One voter's trackers are one: the replaced ballot and the counted one share it.
    expect(trackers.first).toBe(trackers.second);
    expect(ballots).toEqual([
      {
        recorded: {
          position: ballotPositions[0],
          at: expect.any(String),
          eventType: 'ReferendumBallotCast',
          actor: null,
        },
        stream: 'ReferendumBallot',
        secretBallot: { tracker: trackers.first, status: 'REPLACED' },
      },
      {
        recorded: {
          position: ballotPositions[1],
          at: expect.any(String),
          eventType: 'ReferendumBallotCast',
          actor: null,
        },
        stream: 'ReferendumBallot',
        secretBallot: { tracker: trackers.second, status: 'COUNTED' },
      },
      {
        recorded: {
          position: ballotPositions[2],
          at: expect.any(String),
          eventType: 'ReferendumBallotCast',
          actor: null,
        },
        stream: 'ReferendumBallot',
        secretBallot: { tracker: trackers.chair, status: 'COUNTED' },
      },
    ]);
    const types = entries.map((entry) => entry.recorded.eventType);
    expect(types[0]).toBe('ReferendumOpened');
    expect(types).toContain('ReferendumVotingClosed');
    expect(types).toContain('ReferendumCounted');
    const opened = entries[0];
    expect(opened.recorded.actor).toBe('Clerk Kent');
    expect(opened.stream).toBe(`Referendum-${referendumId}`);
    expect(opened.secretBallot).toBeNull();
  });

  it('answers as of a position before the close: the same ballots, not yet counted', async () => {
    const entries = await wholeTrail('REFERENDUM', referendumId, { asOf: beforeClose, wait: undefined });
    expect(entries.filter((entry) => entry.secretBallot !== null).map((entry) => entry.secretBallot!.status)).toEqual([
      'REPLACED',
      'PENDING',
      'PENDING',
    ]);
    expect(entries.map((entry) => entry.recorded.eventType)).not.toContain('ReferendumVotingClosed');
    expect(Number(entries[entries.length - 1].recorded.position)).toBeLessThanOrEqual(Number(beforeClose));
  });

  it("shows a delegate election's secret ballot without tracker or voter, counted once tallied", async () => {
    const entries = await wholeTrail('DELEGATE_ELECTION', electionId);
    const ballots = entries.filter((entry) => entry.secretBallot !== null);
    expect(ballots).toEqual([
      {
        recorded: {
          position: expect.any(String),
          at: expect.any(String),
          eventType: 'DelegateBallotCast',
          actor: null,
        },
        stream: 'DelegateBallot',
        secretBallot: { tracker: null, status: 'COUNTED' },
      },
    ]);
    const nomination = entries.find((entry) => entry.recorded.eventType === 'DelegateCandidateNominated');
    expect(nomination?.recorded.actor).toBe('Chair Person');
  });

  it("keeps a member's secret ballots out of their own trail, and their contact details out of every trail", async () => {
    const own = await wholeTrail('MEMBER', voter.memberId);
    expect(own.map((entry) => entry.recorded.eventType)).toEqual(['MemberEnrolled']);
    expect(own[0].stream).toBe(`Member-${voter.memberId}`);
    expect(own.map((entry) => entry.recorded.position)).not.toEqual(expect.arrayContaining([ballotPositions[0]]));

    // The voter keys the log holds for these ballots: opaque, and still never served.
    const events = await app.store.readAll({ after: 0n, maxCount: 10_000 });
    const voterKeys = events
      .filter((event) => event.type === 'ReferendumBallotCast' || event.type === 'DelegateBallotCast')
      .map((event) => (event.data as { voterKey: string }).voterKey);
    expect(voterKeys).toHaveLength(4);

    const everyTrail = [
      ['MEMBER', voter.memberId],
      ['MEMBER', convention.chair.memberId],
      ['MEMBER', convention.clerk.memberId],
      ['CHAPTER', convention.chapterId],
      ['CONVENTION', convention.conventionId],
      ['REFERENDUM', referendumId],
      ['DELEGATE_ELECTION', electionId],
    ] as const;
    for (const [entity, id] of everyTrail) {
      const entries = await wholeTrail(entity, id);
      expect(entries.length).toBeGreaterThan(0);
      const text = JSON.stringify(entries);
      expect(text).not.toContain(CANARY);
      for (const key of voterKeys) expect(text).not.toContain(key);
      for (const entry of entries.filter((candidate) => candidate.secretBallot !== null)) {
        expect(entry.recorded.actor).toBeNull();
        expect(['ReferendumBallot', 'DelegateBallot']).toContain(entry.stream);
      }
      // A secret ballot is under its vote only: never under a member, a chapter or the convention.
      if (entity !== 'REFERENDUM' && entity !== 'DELEGATE_ELECTION')
        expect(entries.filter((entry) => entry.secretBallot !== null)).toEqual([]);
    }
  });

  it("indexes a convention's events with their actors, in log order, page by page without gaps or repeats", async () => {
    const whole = await trail('CONVENTION', convention.conventionId, { first: 200 });
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const paged = await wholeTrail('CONVENTION', convention.conventionId);
    expect(paged).toEqual(whole.nodes);
    expect(whole.totalCount).toBe(paged.length);
    const positions = paged.map((entry) => Number(entry.recorded.position));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(paged[0].recorded).toMatchObject({ eventType: 'ConventionCalled', actor: 'Chair Person' });
    expect(
      paged
        .filter((entry) => entry.recorded.eventType === 'ConventionPhaseAdvanced')
        .every((entry) => entry.recorded.actor === 'Clerk Kent'),
    ).toBe(true);
    expect(paged.map((entry) => entry.recorded.eventType)).toContain('ReferendumOpened');
  });

  it('gives an id nothing concerns an empty trail', async () => {
    expect(await trail('PROPOSAL', '00000000-0000-4000-8000-000000000000')).toEqual({
      totalCount: 0,
      pageInfo: { endCursor: null, hasNextPage: false },
      nodes: [],
    });
  });

  it('refuses an unknown entity kind, a malformed id, a foreign cursor and first out of range, each with its code', async () => {
    const refusal = async (variables: Record<string, unknown>) => {
      const result = await app.gql(TRAIL, {
        entity: 'REFERENDUM',
        id: referendumId,
        wait: last,
        ...variables,
      });
      expect(result.data?.auditTrail ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      return { code: error.extensions?.code, message: error.message, extensions: error.extensions };
    };
    expect(await refusal({ entity: 'BALLOON' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('BALLOON'),
    });
    expect(await refusal({ id: 'not-a-uuid' })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal({ after: Buffer.from('decision:1').toString('base64url') })).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { reason: 'INVALID_CURSOR' },
    });
    expect(await refusal({ first: 0 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('first'),
    });
    expect(await refusal({ first: 201 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('first'),
    });
  });
});
