import { FloorConventionFixture, conventionWithDelegates } from '../support/convention-fixture';
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
    expect(elections.map((node) => [node.subject, node.body, node.status])).toEqual([
      ['Delegates of Founding Hall', 'CHAPTER', 'ADOPTED'],
    ]);
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
    expect(phases[6]).toMatchObject({
      subject: 'Founding convention leaves RATIFICATION',
      waitingOn: { party: 'SECRETARIAT' },
    });

    // In the order opened, by log position.
    const positions = nodes.map((node) => BigInt(node.opened.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);

    expect(
      ok(await app.gql<{ decision: { id: string; status: string } }>(DECISION, { id: lapsedId, wait: last })).decision,
    ).toEqual({ id: lapsedId, kind: 'INTERIM_DECISION', status: 'OVERDUE' });
  });

  it('answers null for a decision it does not know', async () => {
    const unknown = ok(
      await app.gql<{ decision: unknown }>(DECISION, { id: '00000000-0000-4000-8000-000000000000', wait: last }),
    );
    expect(unknown.decision).toBeNull();
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
    expect(await refusal({ filter: { kinds: [], bodies: [] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('filter.kinds'),
      extensions: { reason: 'EMPTY_FILTER_LIST', fields: [{ field: 'filter.kinds' }, { field: 'filter.bodies' }] },
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

describe('decision tracker on the floor: convention votes, an overdue phase, a lapsed decision, asOf (e2e)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  const RECEIPT = 'receipt { position }';
  const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
  const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
  const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
  const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId ${RECEIPT} } }`;
  const CLOSE_VOTE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;
  const votes: Record<string, string> = {};
  let lapsedId: string;
  let beforeLapse: string;
  let last: string;

  const list = async (variables: Record<string, unknown>) =>
    ok(
      await app.gql<{ decisions: { totalCount: number; nodes: Node[] } }>(
        DECISIONS,
        { wait: last, first: 200, ...variables },
        { token: floor.chair.token },
      ),
    ).decisions;

  beforeAll(async () => {
    app = await TestApp.start();
    floor = await conventionWithDelegates(app, {
      delegates: 3,
      rules: { deadlines: [{ phase: 'VOTING', deadline: new Date(Date.now() + 60_000).toISOString() }] },
    });
    const d = floor.delegates;
    const proposal = async (title: string) => {
      const proposalId = ok(
        await app.gql<{ submitProposal: { proposalId: string } }>(
          SUBMIT,
          { input: { conventionId: floor.conventionId, kind: 'RESOLUTION', title, clauses: [`${title}.`] } },
          { token: d[0].token },
        ),
      ).submitProposal.proposalId;
      ok(await app.gql(SECOND, { input: { proposalId } }, { token: d[1].token }));
      return proposalId;
    };
    const thanks = await proposal('Thanks');
    const regrets = await proposal('Regrets');
    const pending = await proposal('Later');
    await floor.advance('AMENDMENT');
    await floor.advance('DELIBERATION');
    await floor.advance('VOTING');
    const vote = async (proposalId: string, choices: string[], close: boolean) => {
      const voteId = ok(
        await app.gql<{ openConventionVote: { voteId: string; receipt: { position: string } } }>(
          OPEN,
          { input: { conventionId: floor.conventionId, proposalId } },
          { token: floor.clerk.token },
        ),
      ).openConventionVote.voteId;
      for (const [index, choice] of choices.entries()) {
        last = ok(
          await app.gql<{ castConventionVote: { receipt: { position: string } } }>(
            CAST,
            { input: { voteId, choice } },
            { token: d[index].token },
          ),
        ).castConventionVote.receipt.position;
      }
      if (close) {
        last = ok(
          await app.gql<{ closeConventionVote: { receipt: { position: string } } }>(
            CLOSE_VOTE,
            { input: { voteId } },
            { token: floor.clerk.token },
          ),
        ).closeConventionVote.receipt.position;
      }
      return voteId;
    };
    votes.adopted = await vote(thanks, ['YES', 'YES', 'YES'], true);
    votes.rejected = await vote(regrets, ['NO', 'NO', 'YES'], true);
    votes.open = await vote(pending, ['YES'], false);

    const proposed = ok(
      await app.gql<{ proposeInterimDecision: { decisionId: string; receipt: { position: string } } }>(
        PROPOSE,
        {
          input: {
            kind: 'GENERAL',
            title: 'Book the hall',
            text: 'Text.',
            deadline: new Date(Date.now() + 1_500).toISOString(),
          },
        },
        { token: floor.chair.token },
      ),
    ).proposeInterimDecision;
    lapsedId = proposed.decisionId;
    beforeLapse = proposed.receipt.position;
    await sleep(2_000);
    last = ok(
      await app.gql<{ closeInterimDecision: { status: string; receipt: { position: string } } }>(
        CLOSE,
        { input: { decisionId: lapsedId } },
        { token: floor.chair.token },
      ),
    ).closeInterimDecision.receipt.position;
  }, 120_000);

  afterAll(async () => {
    await app.stop();
  });

  it('shows convention votes adopted, rejected and open with the seats still to vote, and the lapsed decision', async () => {
    const { nodes } = await list({ filter: { kinds: ['CONVENTION_VOTE', 'INTERIM_DECISION'] } });
    const byId = new Map(nodes.map((node) => [node.id, node]));
    expect(byId.get(votes.adopted)).toMatchObject({
      kind: 'CONVENTION_VOTE',
      subject: 'Proposal "Thanks"',
      body: 'CONVENTION',
      status: 'ADOPTED',
      closed: { eventType: 'ConventionVoteClosed', actor: 'Floor Clerk' },
      waitingOn: null,
    });
    expect(byId.get(votes.rejected)).toMatchObject({ status: 'REJECTED' });
    expect(byId.get(votes.open)).toMatchObject({
      status: 'OPEN',
      closed: null,
      waitingOn: { party: 'SEATS', outstanding: 2, of: 3 },
    });
    expect(byId.get(lapsedId)).toMatchObject({
      kind: 'INTERIM_DECISION',
      status: 'LAPSED',
      closed: { eventType: 'InterimDecisionLapsed', actor: 'Floor Chair' },
    });
    const rejected = await list({ filter: { statuses: ['REJECTED'] } });
    expect(rejected.nodes.map((node) => node.id)).toEqual([votes.rejected]);
  });

  it('asOf: a position shows the decision open as it was; a time after its deadline shows it overdue; a time after the phase deadline shows the phase overdue', async () => {
    const atProposal = await list({ asOf: beforeLapse, filter: { kinds: ['INTERIM_DECISION'] } });
    expect(atProposal.nodes.find((node) => node.id === lapsedId)).toMatchObject({ status: 'OPEN', closed: null });
    // A moment after its deadline, before anyone closed it: overdue, and waiting on the clerk.
    const deadline = atProposal.nodes.find((node) => node.id === lapsedId)!.deadline!;
    const afterDeadline = await list({
      asOf: new Date(Date.parse(deadline) + 1).toISOString(),
      filter: { kinds: ['INTERIM_DECISION'] },
    });
    expect(afterDeadline.nodes.find((node) => node.id === lapsedId)).toMatchObject({
      status: 'OVERDUE',
      closed: null,
      waitingOn: { party: 'CLERK' },
    });
    const lapsed = ok(await app.gql<{ decision: { status: string } }>(DECISION, { id: lapsedId, wait: last })).decision;
    expect(lapsed.status).toBe('LAPSED');

    const phases = await list({ filter: { kinds: ['PHASE_CHANGE'], statuses: ['OPEN', 'OVERDUE'] } });
    expect(phases.nodes).toHaveLength(1);
    expect(phases.nodes[0]).toMatchObject({ status: 'OPEN', subject: expect.stringContaining('leaves VOTING') });
    expect(phases.nodes[0].deadline).not.toBeNull();
    // The same view a minute and more later: the VOTING phase's deadline has passed by then.
    const later = new Date(Date.parse(phases.nodes[0].deadline!) + 1_000);
    const overdue = await list({
      asOf: later.toISOString().replace(/\.\d+Z$/, 'Z'),
      filter: { kinds: ['PHASE_CHANGE'], statuses: ['OVERDUE'] },
    });
    expect(overdue.nodes.map((node) => node.id)).toEqual([phases.nodes[0].id]);
    expect(overdue.nodes[0].waitingOn).toMatchObject({ party: 'SECRETARIAT' });
  });
});
