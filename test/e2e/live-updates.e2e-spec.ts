import type { AddressInfo } from 'node:net';
import { Client, createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { ApiProcess } from '../support/api-process';
import { conventionWithDelegates } from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

/**
 * Live updates over a real WebSocket (graphql-ws) against the real app listening on a port:
 * what the messages say, in the order the log recorded it, each with its position.
 */

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** Polls until the condition holds (messages arrive in the background); fails after a few seconds. */
async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Feed {
  readonly messages: Array<Record<string, any>>;
  readonly errors: unknown[];
  stop(): void;
}

function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Feed {
  const messages: Array<Record<string, any>> = [];
  const errors: unknown[] = [];
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors !== undefined) errors.push(...value.errors);
        if (value.data !== undefined && value.data !== null) messages.push(value.data);
      },
      error: (error) => errors.push(...(Array.isArray(error) ? error : [error])),
      complete: () => undefined,
    },
  );
  return { messages, errors, stop };
}

const RECORDED = 'recorded { position at eventType actor }';
const PHASES = `subscription ($id: UUID!) { conventionPhaseChanged(conventionId: $id) { conventionId from to position ${RECORDED} } }`;
const DECISIONS = `subscription { decisionChanged { kind id change position ${RECORDED} } }`;
const PARTICIPATION = `subscription ($id: UUID!) { rollCallParticipation(voteId: $id) { voteId ballots electorate position ${RECORDED} } }`;

describe('live updates (e2e, GraphQL subscriptions over WebSocket)', () => {
  let app: TestApp;
  let wsUrl: string;
  const clients: Client[] = [];
  const connect = (connectionParams: Record<string, unknown> = {}): Client => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await TestApp.start({ PLENARY_GRAPHQL_MAX_SUBSCRIPTIONS: '3' });
    await app.app.listen(0, '127.0.0.1');
    const address = app.app.getHttpServer().address() as AddressInfo;
    wsUrl = `ws://127.0.0.1:${address.port}/graphql`;
  });

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app.stop();
  });

  it('follows a convention: phase changes, a vote opened, participation as ballots come in, the vote closed', async () => {
    const floor = await conventionWithDelegates(app, { delegates: 3 });
    const [d0, d1, d2] = floor.delegates;
    const client = connect({ authorization: `Bearer ${d2.token}` });
    const phases = subscribe(client, PHASES, { id: floor.conventionId });
    const decisions = subscribe(client, DECISIONS);
    // graphql-ws does not tell the client that a subscription is in place: give the server a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const { proposalId } = ok(
      await app.gql(
        `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
        { input: { conventionId: floor.conventionId, kind: 'RESOLUTION', title: 'Live', clauses: ['Be seen.'] } },
        { token: d0.token },
      ),
    ).submitProposal;
    ok(
      await app.gql(
        `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
        { input: { proposalId } },
        { token: d1.token },
      ),
    );
    const advanced: string[] = [];
    for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) advanced.push(await floor.advance(phase));
    await eventually(() => phases.messages.length === 3 || phases.errors.length > 0);
    expect(phases.errors).toEqual([]);
    expect(phases.messages.map((m) => m.conventionPhaseChanged)).toEqual(
      [
        ['PROPOSAL_SUBMISSION', 'AMENDMENT'],
        ['AMENDMENT', 'DELIBERATION'],
        ['DELIBERATION', 'VOTING'],
      ].map(([from, to], index) => ({
        conventionId: floor.conventionId,
        from,
        to,
        position: advanced[index],
        recorded: {
          position: advanced[index],
          at: expect.any(String),
          eventType: 'ConventionPhaseAdvanced',
          actor: 'Floor Clerk',
        },
      })),
    );

    const opened = ok(
      await app.gql(
        `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId receipt { position } } }`,
        { input: { conventionId: floor.conventionId, proposalId } },
        { token: floor.clerk.token },
      ),
    ).openConventionVote;
    const voteId: string = opened.voteId;
    const participation = subscribe(client, PARTICIPATION, { id: voteId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cast = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { receipt { position } } }`;
    const ballots: string[] = [];
    for (const [delegate, choice] of [
      [d0, 'YES'],
      [d1, 'NO'],
      [d0, 'ABSTAIN'], // a replaced ballot: the same seat, counted once
    ] as const) {
      ballots.push(
        ok(await app.gql(cast, { input: { voteId, choice } }, { token: delegate.token })).castConventionVote.receipt
          .position,
      );
      await eventually(() => participation.messages.length === ballots.length);
    }
    expect(participation.errors).toEqual([]);
    const counted = participation.messages.map((m) => m.rollCallParticipation);
    expect(counted.map((m) => [m.voteId, m.ballots, m.electorate, m.position])).toEqual([
      [voteId, 1, 3, ballots[0]],
      [voteId, 2, 3, ballots[1]],
      [voteId, 2, 3, ballots[2]],
    ]);
    // Participation only: nothing about how anyone voted.
    expect(JSON.stringify(counted)).not.toMatch(/YES|NO|ABSTAIN/);
    expect(counted[1].recorded).toMatchObject({ eventType: 'ConventionBallotCast', actor: 'Delegate 2' });

    const closed = ok(
      await app.gql(
        `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId receipt { position } } }`,
        { input: { voteId } },
        { token: floor.clerk.token },
      ),
    ).closeConventionVote;
    await eventually(() => decisions.messages.some((m) => m.decisionChanged.change === 'CLOSED'));
    expect(decisions.errors).toEqual([]);
    const changes = decisions.messages.map((m) => m.decisionChanged);
    expect(changes.map((m) => [m.kind, m.id, m.change])).toEqual([
      ['CONVENTION_VOTE', voteId, 'OPENED'],
      ['CONVENTION_VOTE', voteId, 'CLOSED'],
    ]);
    // A command may append several events; its receipt names the last.
    expect(BigInt(changes[0].position)).toBeGreaterThan(BigInt(advanced[2]));
    expect(BigInt(changes[0].position)).toBeLessThanOrEqual(BigInt(opened.receipt.position));
    expect(BigInt(changes[0].position)).toBeLessThan(BigInt(ballots[0]));
    expect(BigInt(changes[1].position)).toBeGreaterThan(BigInt(ballots[2]));
    expect(BigInt(changes[1].position)).toBeLessThanOrEqual(BigInt(closed.receipt.position));
    expect(changes[1].recorded).toMatchObject({ eventType: 'ConventionVoteClosed', actor: 'Floor Clerk' });

    // The position is a read-your-writes handle: a query waiting for it sees the vote closed.
    const decision = ok(
      await app.gql(`query ($id: UUID!, $p: String) { decision(id: $id, waitForPosition: $p) { status } }`, {
        id: voteId,
        p: changes[1].position,
      }),
    ).decision;
    expect(decision.status).not.toBe('OPEN');
    phases.stop();
    decisions.stop();
    participation.stop();
  });

  it('still gates a plain GET that only claims to be an upgrade', async () => {
    const response = await request(app.server)
      .get('/graphql')
      .query({ query: 'mutation { signOut }' })
      .set('upgrade', 'websocket')
      .set('accept', 'application/json');
    expect(response.status).toBe(405);
    expect(response.body).toMatchObject({ errors: [{ extensions: { reason: 'MUTATION_OVER_GET' } }] });
  });

  it('refuses a subscription on a connection whose token is not valid, saying why', async () => {
    for (const authorization of ['Bearer not-a-token', 'Basic abc']) {
      const feed = subscribe(connect({ authorization }), DECISIONS);
      await eventually(() => feed.errors.length > 0);
      expect(feed.messages).toEqual([]);
      expect(feed.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('bounds the subscriptions one connection holds, and frees a slot when one ends', async () => {
    const client = connect();
    const held = [1, 2, 3].map(() => subscribe(client, DECISIONS));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fourth = subscribe(client, DECISIONS);
    await eventually(() => fourth.errors.length > 0);
    expect(fourth.errors[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_SUBSCRIPTIONS', limit: 3 },
    });
    expect(held.every((feed) => feed.errors.length === 0)).toBe(true);
    held[0].stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = subscribe(client, DECISIONS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(again.errors).toEqual([]);
  });
});

describe('live updates across API processes on one store (e2e)', () => {
  let app: TestApp;
  let other: ApiProcess;
  let client: Client;

  beforeAll(async () => {
    app = await TestApp.start();
    other = await ApiProcess.start(app.config.dataDir);
    client = createClient({ url: other.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  });

  afterAll(async () => {
    await client.dispose();
    await other.stop();
    await app.stop();
  });

  it('tells a subscriber on one process what was done through the other', async () => {
    const decisions = subscribe(client, DECISIONS);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Everything here goes through the in-process app; the subscriber listens on the other process.
    const floor = await conventionWithDelegates(app, { delegates: 2 });
    await eventually(
      () => decisions.messages.filter((m) => m.decisionChanged.kind === 'DELEGATE_ELECTION').length === 2,
    );
    expect(decisions.errors).toEqual([]);
    const elections = decisions.messages.map((m) => m.decisionChanged).filter((m) => m.kind === 'DELEGATE_ELECTION');
    expect(elections.map((m) => m.change)).toEqual(['OPENED', 'CLOSED']);
    expect(elections[0].id).toBe(elections[1].id);
    expect(BigInt(elections[0].position)).toBeLessThan(BigInt(elections[1].position));
    expect(BigInt(elections[1].position)).toBeLessThanOrEqual(await app.store.headPosition());
    expect(floor.conventionId).toEqual(expect.any(String));
    decisions.stop();
  });

  it('shuts down gracefully with a subscriber still connected, closing its socket', async () => {
    const decisions = subscribe(client, DECISIONS);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await other.stop();
    expect(await other.exit()).toEqual({ code: 0, signal: null });
    await eventually(() => decisions.errors.length > 0);
  });
});
