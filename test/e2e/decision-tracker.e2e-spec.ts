import { conventionInRatification, ConventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const PROPOSE = `mutation ($input: ProposeInterimDecisionInput!) {
  proposeInterimDecision(input: $input) { decisionId receipt { position } }
}`;
const VOTE = `mutation ($input: VoteOnInterimDecisionInput!) { voteOnInterimDecision(input: $input) { receipt { position } } }`;
const CLOSE = `mutation ($input: CloseInterimDecisionInput!) {
  closeInterimDecision(input: $input) { status receipt { position } }
}`;
const OPEN_REFERENDUM = `mutation ($input: OpenReferendumInput!) {
  openReferendum(input: $input) { referendumId receipt { position } }
}`;
const DECISIONS = `query ($filter: DecisionFilter, $first: Int, $after: String, $wait: String, $asOf: String) {
  decisions(filter: $filter, first: $first, after: $after, waitForPosition: $wait, asOf: $asOf) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes {
      id kind subject body bodyId status deadline openedAt closedAt
      opened { position at eventType actor }
      closed { position eventType actor }
      waitingOn { party outstanding of description }
    }
  }
}`;
const DECISION = `query ($id: UUID!, $wait: String) { decision(id: $id, waitForPosition: $wait) { id kind status } }`;

type Node = {
  id: string;
  kind: string;
  subject: string;
  body: string;
  status: string;
  deadline: string | null;
  closed: { eventType: string; actor: string | null } | null;
  opened: { position: string; actor: string | null; eventType: string };
  waitingOn: { party: string; outstanding: number | null; of: number | null; description: string } | null;
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('decision tracker over GraphQL (e2e)', () => {
  let app: TestApp;
  let convention: ConventionInRatification;
  let adoptedId: string;
  let lapsedId: string;
  let openId: string;
  let referendumId: string;
  let last: string;

  const list = async (variables: Record<string, unknown>) =>
    ok(
      await app.gql<{
        decisions: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Node[] };
      }>(DECISIONS, { wait: last, ...variables }, { token: convention.chair.token }),
    ).decisions;

  beforeAll(async () => {
    app = await TestApp.start();
    convention = await conventionInRatification(app);
    const chair = convention.chair.token;
    const propose = async (title: string, deadline: string) =>
      ok(
        await app.gql<{ proposeInterimDecision: { decisionId: string } }>(
          PROPOSE,
          { input: { kind: 'GENERAL', title, text: 'Text.', deadline } },
          { token: chair },
        ),
      ).proposeInterimDecision.decisionId;
    adoptedId = await propose('Adopt the budget', new Date(Date.now() + 3_600_000).toISOString());
    ok(await app.gql(VOTE, { input: { decisionId: adoptedId, vote: 'SUPPORT' } }, { token: chair }));
    ok(await app.gql(CLOSE, { input: { decisionId: adoptedId } }, { token: chair }));
    lapsedId = await propose('Rent a hall', new Date(Date.now() + 1_500).toISOString());
    openId = await propose('Print leaflets', new Date(Date.now() + 3_600_000).toISOString());
    await sleep(2_000);
    const opened = ok(
      await app.gql<{ openReferendum: { referendumId: string; receipt: { position: string } } }>(
        OPEN_REFERENDUM,
        { input: { conventionId: convention.conventionId } },
        { token: convention.clerk.token },
      ),
    ).openReferendum;
    referendumId = opened.referendumId;
    last = opened.receipt.position;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('lists decisions of every kind with their status, deadline, recorded opening and closing, and what each waits on', async () => {
    const { nodes, totalCount } = await list({ first: 200 });
    expect(totalCount).toBe(nodes.length);
    const byId = new Map(nodes.map((node) => [node.id, node]));

    expect(byId.get(adoptedId)).toMatchObject({
      kind: 'INTERIM_DECISION',
      body: 'COMMITTEE',
      status: 'ADOPTED',
      opened: { eventType: 'InterimDecisionProposed', actor: 'Chair Person' },
      closed: { eventType: 'InterimDecisionAdopted', actor: 'Chair Person' },
      waitingOn: null,
    });
    // Its deadline has passed and nobody closed it: overdue, computed now, not by a timer.
    expect(byId.get(lapsedId)).toMatchObject({
      status: 'OVERDUE',
      closed: null,
      waitingOn: { party: 'CLERK' },
    });
    expect(byId.get(openId)).toMatchObject({
      status: 'OPEN',
      waitingOn: { party: 'COMMITTEE', outstanding: 1, of: 1, description: 'waiting on 1 of 1 committee members' },
    });
    expect(byId.get(referendumId)).toMatchObject({
      kind: 'REFERENDUM',
      body: 'MEMBERS',
      status: 'OPEN',
      waitingOn: { party: 'VOTERS', outstanding: null, of: null },
    });
    const elections = nodes.filter((node) => node.kind === 'DELEGATE_ELECTION');
    expect(elections.map((node) => [node.body, node.status])).toEqual([['CHAPTER', 'ADOPTED']]);
    const phases = nodes.filter((node) => node.kind === 'PHASE_CHANGE');
    expect(phases.map((node) => node.subject.replace(/.* leaves /, ''))).toEqual([
      'CALLED',
      'DELEGATE_SELECTION',
      'PROPOSAL_SUBMISSION',
      'AMENDMENT',
      'DELIBERATION',
      'VOTING',
      'RATIFICATION',
    ]);
    expect(phases.map((node) => node.status)).toEqual([...Array(6).fill('ADOPTED'), 'OPEN']);
    expect(phases[6].waitingOn).toMatchObject({ party: 'SECRETARIAT' });

    // In the order opened, by log position.
    const positions = nodes.map((node) => BigInt(node.opened.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);

    expect(
      ok(await app.gql<{ decision: { id: string; status: string } }>(DECISION, { id: lapsedId, wait: last })).decision,
    ).toEqual({ id: lapsedId, kind: 'INTERIM_DECISION', status: 'OVERDUE' });
  });

  it('filters by kind, status, body and time', async () => {
    const interim = await list({ filter: { kinds: ['INTERIM_DECISION'] } });
    expect(interim.nodes.map((node) => node.id).sort()).toEqual([adoptedId, lapsedId, openId].sort());
    const undecided = await list({ filter: { statuses: ['OPEN', 'OVERDUE'], bodies: ['COMMITTEE', 'MEMBERS'] } });
    expect(undecided.nodes.map((node) => node.id).sort()).toEqual([lapsedId, openId, referendumId].sort());
    expect((await list({ filter: { statuses: ['LAPSED'] } })).totalCount).toBe(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    const stillOpenLater = await list({ filter: { from: future } });
    expect(stillOpenLater.nodes.every((node) => node.closed === null)).toBe(true);
    expect((await list({ filter: { to: '2000-01-01T00:00:00Z' } })).totalCount).toBe(0);
  });

  it('pages through every decision once, in order, never repeating or skipping', async () => {
    const all = await list({ first: 200 });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list({ first: 3, ...(after === undefined ? {} : { after }) });
      expect(page.nodes.length).toBeLessThanOrEqual(3);
      seen.push(...page.nodes.map((node) => node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(all.nodes.map((node) => node.id));
  });

  it('refuses bad filter values, a bad cursor and first out of range, each with its code', async () => {
    const refusal = async (variables: Record<string, unknown>, query = DECISIONS) => {
      const result = await app.gql(query, { wait: last, ...variables }, { token: convention.chair.token });
      expect(result.data?.decisions ?? result.data?.decision ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      return { code: error.extensions?.code, message: error.message, extensions: error.extensions };
    };
    // Values the schema's types refuse before any resolver runs.
    expect(await refusal({ filter: { kinds: ['BALLOON'] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('BALLOON'),
      extensions: { reason: 'INVALID_VARIABLES' },
    });
    expect(await refusal({ filter: { from: 'yesterday' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('from'),
    });
    expect(await refusal({ id: 'not-a-uuid' }, DECISION)).toMatchObject({ code: 'BAD_USER_INPUT' });
    // Values the resolver checks.
    expect(await refusal({ filter: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('filter.from'),
      extensions: { reason: 'INVALID_TIME_RANGE' },
    });
    expect(await refusal({ after: 'bm90LWEtY3Vyc29y' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('after'),
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
