import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { RecordedEvent, SqliteEventStore } from '../../libs/event-store/src';
import { FloorConventionFixture, FloorMember, conventionWithDelegates } from '../support/convention-fixture';
import { TestApp } from '../support/test-app';

/*
 * Every floor workflow, interrupted between its steps: a real API server process on a real store
 * file is SIGKILLed at a crash point (PLENARY_CRASH_POINT), and the next server started on the
 * same files completes what the last one left half-done, before anyone retries anything. The
 * servers form a chain: each completes its predecessor's workflow, then is killed in the next.
 */

const ROOT = join(__dirname, '..', '..');
/**
 * Server starts are the cost (a few seconds each): by default the chain kills each workflow once
 * in its command handler; FLOOR_CRASH_FULL=1 also kills the process manager inside two of them.
 */
const FULL = process.env.FLOOR_CRASH_FULL === '1';
const RECEIPT = 'receipt { position }';

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the signal that ended the process (null for a normal exit). */
  readonly exited: Promise<NodeJS.Signals | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, crashPoint?: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    PLENARY_DATA_DIR: dataDir,
    PLENARY_LOG_LEVEL: 'error',
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  delete env.PLENARY_CRASH_POINT;
  if (crashPoint !== undefined) env.PLENARY_CRASH_POINT = crashPoint;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  let gone = false;
  void exited.then(() => (gone = true));
  // A server may be killed by its crash point while it starts (its process manager completing
  // the previous workflow): then it never answers, and the caller waits for its exit instead.
  for (let tries = 0; tries < 600 && !gone; tries += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ readModelPosition }' }),
      });
      if (response.ok) return { child, url, exited };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!gone) {
    child.kill('SIGKILL');
    throw new Error(`server did not start: ${stderr}`);
  }
  return { child, url, exited };
}

async function gql(server: Server, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Sends a mutation to a server that its crash point kills before it answers. */
async function sendAndCrash(server: Server, query: string, variables: Record<string, unknown>, token: string) {
  await expect(gql(server, query, variables, token)).rejects.toThrow();
  expect(await server.exited).toBe('SIGKILL');
}

describe('floor workflows survive SIGKILL between their steps (real server processes, one store file)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  let dataDir: string;
  let store: SqliteEventStore;
  let d: FloorMember[];
  const running: Server[] = [];
  const ids: Record<string, string> = {};

  const types = async (stream: string) => (await store.readStream(stream)).map((event) => event.type);
  /** Waits (bounded) until the stream holds an event of the type; returns it. */
  const eventually = async (stream: string, type: string): Promise<RecordedEvent> => {
    for (let tries = 0; tries < 600; tries += 1) {
      const found = (await store.readStream(stream)).find((event) => event.type === type);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${stream} never got ${type}: ${(await types(stream)).join(', ')}`);
  };
  const start = async (crashPoint?: string) => {
    const server = await startServer(dataDir, crashPoint);
    running.push(server);
    return server;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    floor = await conventionWithDelegates(app);
    d = floor.delegates;
    const submit = async (title: string) => {
      const result = await app.gql(
        `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
        { input: { conventionId: floor.conventionId, kind: 'RESOLUTION', title, clauses: [`${title}.`] } },
        { token: d[0].token },
      );
      const proposalId = result.data!.submitProposal.proposalId as string;
      await app.gql(
        `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
        {
          input: { proposalId },
        },
        { token: d[1].token },
      );
      return proposalId;
    };
    ids.P = await submit('Open meetings');
    ids.Q = await submit('Published minutes');
    ids.R = await submit('Thanks to the hosts');
    await floor.advance('AMENDMENT');
    const amend = async (proposalId: string, text: string) =>
      (
        await app.gql(
          `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId } }`,
          { input: { proposalId, operations: [{ op: 'REPLACE', clause: 1, text }] } },
          { token: d[2].token },
        )
      ).data!.proposeAmendment.amendmentId as string;
    ids.A = await amend(ids.P, 'Meetings are open to all.');
    ids.F = await amend(ids.Q, 'Minutes are published within a week.');
    await floor.advance('DELIBERATION');
    await floor.advance('VOTING');
    dataDir = app.config.dataDir;
    // The in-process app hands the files over to the server processes.
    await app.app.close();
    store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), pollIntervalMs: 10 });
  }, 120_000);

  afterAll(async () => {
    for (const server of running)
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    await store?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  // The chain runs as steps, one test each, in order: each starts one or two server processes,
  // and a start costs seconds on a loaded machine, so one budget for the whole chain was too
  // tight. A step that fails leaves the ones after it failing too: they share the store.
  let server: Server;
  const clerk = () => floor.clerk.token;
  const voteStream = (voteId: string) => `ConventionVote-${voteId}`;
  const STEP_TIMEOUT = 150_000;

  it(
    '1-2. an opening killed after the vote is appended is taken up by the next server',
    async () => {
      // 1. Opening a vote on the amendment, killed after the vote is appended, before any reservation.
      server = await start('open-vote/after-open');
      await sendAndCrash(
        server,
        `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`,
        { input: { conventionId: floor.conventionId, amendmentId: ids.A } },
        clerk(),
      );
      const [opened] = await store
        .readAll({ after: 0n, maxCount: 100_000 })
        .then((events) => events.filter((event) => event.type === 'ConventionVoteOpened'));
      ids.V = (opened.data as { voteId: string }).voteId;
      expect(await types(`Amendment-${ids.A}`)).not.toContain('AmendmentPutToVote');

      // 2. The next server's process manager takes the opening up and is killed between its steps.
      if (FULL) {
        server = await start('open-vote/after-hold');
        expect(await server.exited).toBe('SIGKILL');
        expect(await types(`Proposal-${ids.P}`)).toContain('ProposalHeldForAmendmentVote');
        expect(await types(`Amendment-${ids.A}`)).not.toContain('AmendmentPutToVote');
      }
    },
    STEP_TIMEOUT,
  );

  it(
    '3-4. the next server completes the opening; a close killed before its decision is completed',
    async () => {
      // 3. The next completes the opening by itself; ballots; the close is killed before its decision.
      server = await start('close-vote/after-close');
      await eventually(`Amendment-${ids.A}`, 'AmendmentPutToVote');
      for (const delegate of d) {
        await gql(
          server,
          `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId } }`,
          { input: { voteId: ids.V, choice: 'YES' } },
          delegate.token,
        );
      }
      await sendAndCrash(
        server,
        `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`,
        { input: { voteId: ids.V } },
        clerk(),
      );
      expect(await types(voteStream(ids.V))).toContain('ConventionVoteClosed');
      expect(await types(`Amendment-${ids.A}`)).not.toContain('AmendmentAdopted');

      // 4. The next records the decision from the log, and is killed before the text is amended.
      if (FULL) {
        server = await start('close-vote/after-decision');
        expect(await server.exited).toBe('SIGKILL');
        expect(await types(`Amendment-${ids.A}`)).toContain('AmendmentAdopted');
        expect(await types(`Proposal-${ids.P}`)).not.toContain('ProposalAmendedByVote');
      }
    },
    STEP_TIMEOUT,
  );

  it(
    '5. the next amends the text; a friendly acceptance is killed once recorded',
    async () => {
      // 5. The next amends the text; a friendly acceptance is killed once recorded on the amendment.
      server = await start('friendly/after-acceptance');
      await eventually(`Proposal-${ids.P}`, 'ProposalAmendedByVote');
      await sendAndCrash(
        server,
        `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId ${RECEIPT} } }`,
        { input: { amendmentId: ids.F } },
        d[0].token,
      );
      expect(await types(`Amendment-${ids.F}`)).toContain('AmendmentAcceptedAsFriendly');
      expect(await types(`Proposal-${ids.Q}`)).not.toContain('ProposalFriendlyAmendmentAccepted');
    },
    STEP_TIMEOUT,
  );

  it(
    '6. the next makes the new version; a proposal vote is closed and killed before enactment',
    async () => {
      // 6. The next makes the new version; a vote on a proposal is closed and killed before enactment.
      server = await start('close-vote/after-decision');
      await eventually(`Proposal-${ids.Q}`, 'ProposalFriendlyAmendmentAccepted');
      const { voteId } = (
        await gql(
          server,
          `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
          { input: { conventionId: floor.conventionId, proposalId: ids.R } },
          clerk(),
        )
      ).openConventionVote;
      for (const delegate of d) {
        await gql(
          server,
          `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId } }`,
          { input: { voteId, choice: 'YES' } },
          delegate.token,
        );
      }
      await sendAndCrash(
        server,
        `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId } }`,
        { input: { voteId } },
        clerk(),
      );
      expect(await types(`Proposal-${ids.R}`)).toContain('ProposalAdopted');
      expect(await types('Charter-organization')).not.toContain('ResolutionAdopted');
    },
    STEP_TIMEOUT,
  );

  it(
    '7. a server that is not killed enacts the resolution; every workflow is complete, once',
    async () => {
      // 7. A server that is not killed enacts the resolution; then every workflow is complete, once.
      server = await start();
      await eventually('Charter-organization', 'ResolutionAdopted');
      expect(await types(`Proposal-${ids.P}`)).toEqual([
        'ProposalSubmitted',
        'ProposalSeconded',
        'ProposalHeldForAmendmentVote',
        'ProposalAmendedByVote',
      ]);
      expect(await types(`Amendment-${ids.A}`)).toEqual([
        'AmendmentProposed',
        'AmendmentPutToVote',
        'AmendmentAdopted',
      ]);
      expect(await types(`Amendment-${ids.F}`)).toEqual(['AmendmentProposed', 'AmendmentAcceptedAsFriendly']);
      expect(await types(`Proposal-${ids.Q}`)).toEqual([
        'ProposalSubmitted',
        'ProposalSeconded',
        'ProposalFriendlyAmendmentAccepted',
      ]);
      expect(await types(`Proposal-${ids.R}`)).toEqual([
        'ProposalSubmitted',
        'ProposalSeconded',
        'ProposalPutToVote',
        'ProposalAdopted',
      ]);
      expect((await types('Charter-organization')).filter((type) => type === 'ResolutionAdopted')).toHaveLength(1);
    },
    STEP_TIMEOUT,
  );

  it(
    '8. two servers racing one opening leave exactly one open vote',
    async () => {
      // 8. Two server processes on the store: openings of one vote on Q sent to both at once leave
      // exactly one open vote holding Q; the other is refused, appending nothing or cancelled.
      const other = await start();
      const openQ = (target: Server) =>
        gql(
          target,
          `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
          { input: { conventionId: floor.conventionId, proposalId: ids.Q } },
          clerk(),
        ).then(
          (data) => ({ voteId: data.openConventionVote.voteId as string }),
          (error: Error) => ({ error: error.message }),
        );
      const answers = await Promise.all([openQ(server), openQ(other)]);
      const winners = answers.filter((answer): answer is { voteId: string } => 'voteId' in answer);
      expect(winners).toHaveLength(1);
      expect(JSON.stringify(answers.find((answer) => 'error' in answer))).toContain('CONFLICT');
      const putToVote = (await store.readStream(`Proposal-${ids.Q}`)).filter(
        (event) => event.type === 'ProposalPutToVote',
      );
      expect(putToVote.map((event) => (event.data as { voteId: string }).voteId)).toEqual([winners[0].voteId]);
      const votesOnQ = (await store.readAll({ after: 0n, maxCount: 100_000 })).filter(
        (event) =>
          event.type === 'ConventionVoteOpened' &&
          JSON.stringify((event.data as { subject: unknown }).subject).includes(ids.Q),
      );
      for (const opening of votesOnQ) {
        const voteTypes = await types(opening.streamName);
        if ((opening.data as { voteId: string }).voteId === winners[0].voteId) {
          expect(voteTypes).toEqual(['ConventionVoteOpened']);
        } else {
          expect(voteTypes).toEqual(['ConventionVoteOpened', 'ConventionVoteCancelled']);
        }
      }
      for (const live of [server, other]) {
        live.child.kill('SIGTERM');
        await live.exited;
      }
    },
    STEP_TIMEOUT,
  );
});
