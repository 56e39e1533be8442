import { secretBallotEnvelope } from '../apps/api/src/commands/secret-ballot';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventMetadata, eventIdFor, foldEvents, summarizePages, uuidV5 } from '../libs/core/src';
import { SqliteEventStore } from '../libs/event-store/src';
import { memberStream } from '../libs/membership/src';
import { KeyVault } from '../libs/privacy/src';
import {
  CloseReferendum,
  ReferendumEvent,
  ReferendumState,
  referendumCountPages,
  referendumDecider,
  referendumStream,
  tallyReferendum,
} from '../libs/proposals/src';
import type { YesNoChoice } from '../libs/voting/src';
import { TokenService } from '../apps/api/src/auth/token.service';
import { loadConfig } from '../apps/api/src/config/plenary-config';
import type { AcceptedCommand } from '../apps/api/src/commands/command-envelope';
import { referendumBallotStream } from '../apps/api/src/ratification/ratification-facts';
import { RatificationReadModel } from '../apps/api/src/ratification/ratification.read-model';
import type { ReadModels } from '../apps/api/src/infrastructure/read-models.service';
import { ProjectionRunner, allProjections, openReadModelDatabase } from '../libs/projections/src';
import { FixtureMember, GraphQLClient, conventionInRatification } from '../test/support/ratification-fixture';
import type { GraphQLResult } from '../test/support/test-app';
import { benchScale, exited, forkTs, nextMessage, progress, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';

/**
 * A referendum of 10^6 members (BENCH_SCALE=small: 10^5; BENCH_REFERENDUM_MEMBERS overrides):
 * the members are written through the store port, a convention is driven to RATIFICATION and
 * the referendum opened over GraphQL, then a fixed number of ballots is cast over HTTP at 50
 * connections, each by another member with their own token (BENCH_REFERENDUM_HTTP_BALLOTS),
 * against a bare Mercurius server taking the same mutation. The other members' ballots are
 * written through the port exactly as the handler writes them and projected, and the close's
 * count is timed over all 10^6 ballots: read from the read model, counted, the count published
 * by tracker (what `closeReferendum` does before it appends), against a raw read of the same
 * rows; then the whole closeReferendum mutation is timed over HTTP.
 */

const CONNECTIONS = 50;
const SERVER = 'bench/referendum-server.child.ts';
const WARM_UP = CONNECTIONS * 20;
const LOG_PARENT_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const CAST =
  'mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker receipt { position } } }';
const BASELINE_CAST = 'mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) }';
const TALLY_TARGET_SECONDS = 5;
const THROUGHPUT_TARGET = 2000;

const memberIdOf = (index: number): string => uuidV5(`bench-referendum-member/${index}`);

/** 70% yes, 20% no, 10% abstain, by member: the same members vote the same way on every run. */
function choiceOf(index: number): YesNoChoice {
  const slot = index % 10;
  return slot < 7 ? 'yes' : slot < 9 ? 'no' : 'abstain';
}

function sizes(): { members: number; httpBallots: number } {
  const small = benchScale() === 'small';
  const members = Number(process.env.BENCH_REFERENDUM_MEMBERS ?? (small ? 100_000 : 1_000_000));
  const httpBallots = Number(process.env.BENCH_REFERENDUM_HTTP_BALLOTS ?? (small ? 4_000 : 40_000));
  if (!Number.isSafeInteger(members) || !Number.isSafeInteger(httpBallots) || httpBallots + WARM_UP > members) {
    throw new Error('BENCH_REFERENDUM_MEMBERS must exceed BENCH_REFERENDUM_HTTP_BALLOTS by the warm-up');
  }
  return { members, httpBallots };
}

/** Writes one enrolment per member through the port, as the enrolment mutation would have. */
async function seedMembers(path: string, count: number): Promise<number> {
  const store = SqliteEventStore.open({ path });
  const started = process.hrtime.bigint();
  try {
    const at = '2026-11-01T00:00:00.000Z';
    let batch: Promise<unknown>[] = [];
    for (let index = 0; index < count; index += 1) {
      // A thousand appends requested in one turn share one group commit, as concurrent requests would.
      if (batch.length === 1000) {
        await Promise.all(batch);
        batch = [];
      }
      const memberId = memberIdOf(index);
      const stream = memberStream(memberId);
      const commandId = uuidV5(`bench-referendum-enrolment/${index}`);
      const metadata: EventMetadata = {
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: null,
        acceptedAt: at,
      };
      batch.push(
        store.appendToStream(
          stream,
          [
            {
              id: eventIdFor(commandId, stream, 0),
              type: 'MemberEnrolled',
              data: {
                memberId,
                pseudonym: `bench voter ${index}`,
                region: null,
                acceptedCommitmentsVersion: null,
                enrolledAt: at,
              },
              metadata,
            },
          ],
          { expectedRevision: 'no_stream' },
        ),
      );
    }
    await Promise.all(batch);
  } finally {
    await store.close();
  }
  return seconds(started);
}

/** The API over plain HTTP, for the fixture that drives the convention. */
class HttpClient implements GraphQLClient {
  constructor(private readonly port: number) {}

  async gql<Data = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string } = {},
  ): Promise<GraphQLResult<Data>> {
    const response = await fetch(`http://127.0.0.1:${this.port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResult<Data>, 'status' | 'contentType'>;
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', ...body };
  }

  async operatorToken(): Promise<string> {
    return this.data(
      await this.gql(`mutation { issueDevToken(input: { kind: OPERATOR, subject: "bench" }) { token } }`),
    ).issueDevToken.token as string;
  }

  async enroll(pseudonym: string): Promise<FixtureMember> {
    const { enrollMember } = this.data(
      await this.gql(`mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token } }`, {
        input: { pseudonym, region: null, acceptedCommitmentsVersion: null },
      }),
    );
    return { memberId: enrollMember.memberId as string, token: enrollMember.token as string };
  }

  /** Founds a chapter, enrolling and signing co-founders until the interim rules' minimum is reached. */
  async foundChapter(token: string, name: string, region: string | null): Promise<{ chapterId: string }> {
    const { foundChapter } = this.data(
      await this.gql(
        `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId status } }`,
        { input: { name, kind: region === null ? 'ONLINE' : 'LOCAL', region } },
        { token },
      ),
    );
    const chapterId = foundChapter.chapterId as string;
    let status = foundChapter.status as string;
    for (let signer = 1; status !== 'ACTIVE'; signer += 1) {
      const coFounder = await this.enroll(`${name} co-founder ${signer}`);
      const { signChapterFounding } = this.data(
        await this.gql(
          `mutation ($input: SignChapterFoundingInput!) { signChapterFounding(input: $input) { status } }`,
          { input: { chapterId } },
          { token: coFounder.token },
        ),
      );
      status = signChapterFounding.status as string;
    }
    return { chapterId };
  }

  private data(result: GraphQLResult): Record<string, any> {
    if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
    return result.data as Record<string, any>;
  }
}

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly clean: number;
  readonly failed: number;
  readonly errorSamples: readonly string[];
}

/** Sends exactly `amount` ballots, the i-th by member `first + i` with their own token, and waits for every answer. */
async function castBallots(
  port: number,
  kind: 'plenary' | 'baseline',
  referendumId: string,
  tokens: readonly string[],
  first: number,
  amount: number,
): Promise<LoadResult> {
  let next = first;
  let clean = 0;
  let failed = 0;
  const errorSamples: string[] = [];
  let lastResponse = process.hrtime.bigint();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => {
          const index = next;
          next += 1;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json',
              authorization: `Bearer ${tokens[index - first]}`,
            },
            body: JSON.stringify({
              query: kind === 'plenary' ? CAST : BASELINE_CAST,
              variables: { input: { referendumId, choice: choiceOf(index).toUpperCase() } },
            }),
          };
        },
        onResponse: (status, body) => {
          lastResponse = process.hrtime.bigint();
          if (status >= 200 && status < 300 && !body.includes('"errors"')) {
            clean += 1;
            return;
          }
          failed += 1;
          if (errorSamples.length < 3) errorSamples.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  const answered = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
  return {
    requestsPerSecond: answered / (Number(lastResponse - started) / 1e9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    clean,
    failed: failed + result.errors,
    errorSamples,
  };
}

/** Each remaining member's ballot, written through the port exactly as the cast handler writes it. */
async function seedBallots(
  eventsPath: string,
  vaultPath: string,
  referendumId: string,
  from: number,
  to: number,
): Promise<number> {
  const store = SqliteEventStore.open({ path: eventsPath });
  const vault = KeyVault.open(vaultPath);
  const started = process.hrtime.bigint();
  try {
    const opened = foldEvents(
      referendumDecider,
      (await store.readStream(referendumStream(referendumId))).map(
        ({ type, data }) => ({ type, data }) as ReferendumEvent,
      ),
    );
    const castAt = new Date().toISOString();
    let batch: Promise<unknown>[] = [];
    for (let index = from; index < to; index += 1) {
      if (batch.length === 1000) {
        await Promise.all(batch);
        batch = [];
      }
      const memberId = memberIdOf(index);
      const voterKey = await vault.ballotKey(referendumId, memberId);
      const tracker = await vault.tracker(referendumId, memberId);
      const accepted = { commandId: uuidV5(`bench-referendum-ballot/${index}`), acceptedAt: castAt } as AcceptedCommand;
      const command = {
        type: 'CastReferendumBallot',
        data: { referendumId, voterKey, voter: { inGoodStanding: true }, tracker, choice: choiceOf(index), castAt },
      } as const;
      const [event] = referendumDecider.decide(command, opened);
      const envelope = secretBallotEnvelope(accepted, 'referendum-ballot', voterKey, command);
      const stream = referendumBallotStream(referendumId, voterKey);
      batch.push(
        store.appendToStream(
          stream,
          [
            {
              id: eventIdFor(envelope.metadata.commandId, stream, 0),
              type: event.type,
              data: event.data,
              metadata: envelope.metadata,
            },
          ],
          { expectedRevision: 'no_stream' },
        ),
      );
    }
    await Promise.all(batch);
  } finally {
    await vault.close();
    await store.close();
  }
  return seconds(started);
}

interface TallyRun {
  readonly seconds: number;
  readonly readSeconds: number;
  readonly countOnlySeconds: number;
  readonly voters: number;
  readonly outcome: string;
  readonly published: number;
}

/** Brings the read models up to the log's head, as the API's projector would, and returns how long it took. */
async function project(eventsPath: string, readModelPath: string): Promise<number> {
  const store = SqliteEventStore.open({ path: eventsPath });
  const db = openReadModelDatabase(readModelPath);
  const started = process.hrtime.bigint();
  try {
    await new ProjectionRunner(store, db, allProjections, { batchSize: 5000 }).catchUp();
    return seconds(started);
  } finally {
    db.close();
    await store.close();
  }
}

/**
 * What closeReferendum does between destroying the key and appending: read every voter's
 * latest ballot from the read model at the head, count, and publish the count by tracker.
 */
async function tallyAsTheCloseDoes(
  eventsPath: string,
  readModelPath: string,
  referendumId: string,
  clerk: string,
): Promise<TallyRun> {
  const store = SqliteEventStore.open({ path: eventsPath });
  const db = openReadModelDatabase(readModelPath);
  try {
    const history = await store.readStream(referendumStream(referendumId));
    const state = foldEvents(
      referendumDecider,
      history.map(({ type, data }) => ({ type, data }) as ReferendumEvent),
    ) as Extract<ReferendumState, { status: 'open' }>;
    const close: CloseReferendum = {
      type: 'CloseReferendum',
      data: { referendumId, closedBy: { memberId: clerk, isSecretariat: true }, closedAt: new Date().toISOString() },
    };
    const closing = referendumDecider.decide(close, state).reduce(referendumDecider.evolve, state as ReferendumState);
    const readModel = new RatificationReadModel({ db } as ReadModels);
    const started = process.hrtime.bigint();
    const ballots = readModel.ballotsOf(referendumId);
    const readSeconds = seconds(started);
    const count = ballots;
    const pages = referendumCountPages(count);
    const [counted] = referendumDecider.decide(
      {
        type: 'CountReferendum',
        data: { referendumId, count, pages: summarizePages(pages), countedAt: close.data.closedAt },
      },
      closing,
    );
    const total = seconds(started);
    if (counted.type !== 'ReferendumCounted') throw new Error('the count decided no result');
    const countStarted = process.hrtime.bigint();
    tallyReferendum(state, ballots);
    const countOnlySeconds = seconds(countStarted);
    const { voters } = counted.data.tally;
    return {
      seconds: total,
      readSeconds,
      countOnlySeconds,
      voters: voters.yes + voters.no + voters.abstain,
      outcome: counted.data.tally.outcome,
      published: counted.data.itemCount,
    };
  } finally {
    db.close();
    await store.close();
  }
}

/** The floor: the same rows read raw from the read model and counted in one loop, nothing published. */
function rawTally(readModelPath: string, referendumId: string): number {
  const db = new Database(readModelPath, { readonly: true });
  try {
    const started = process.hrtime.bigint();
    const totals: Record<string, number> = { yes: 0, no: 0, abstain: 0 };
    const rows = db
      .prepare('SELECT voter_key, tracker, choice FROM referendum_ballots WHERE referendum_id = ?')
      .raw(true)
      .iterate(referendumId) as IterableIterator<[string, string, string]>;
    for (const [, , choice] of rows) totals[choice] += 1;
    return seconds(started);
  } finally {
    db.close();
  }
}

/**
 * Waits until the ledger's Merkle tree covers the log up to `position`: on start the API hashes
 * the million enrolments in the background, and the ballots are measured on a settled server.
 */
async function ledgerCaughtUp(client: HttpClient, position: number): Promise<void> {
  const started = process.hrtime.bigint();
  for (;;) {
    const result = await client.gql(`{ ledgerCheckpoint { treeSize } }`);
    if (result.errors === undefined && (result.data!.ledgerCheckpoint.treeSize as number) >= position) return;
    if (seconds(started) > 600) throw new Error('the ledger did not catch up within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Restarts the API on the data directory, lets its ledger catch up with the log (on start it
 * hashes the ballots written through the port in the background), and closes the referendum
 * through GraphQL, timing the mutation; then measures the close's appends as EventStoreDB
 * counts them (data + metadata bytes; each of the close's appends holds one event).
 */
async function closeOverHttp(
  dataDir: string,
  referendumId: string,
  clerkToken: string,
): Promise<{ seconds: number; outcome: string; largestAppend: number; appends: number; pages: number }> {
  const child = forkTs(SERVER, ['plenary', dataDir]);
  try {
    const { port } = await nextMessage<{ port: number }>(child);
    const client = new HttpClient(port);
    const eventsPath = join(dataDir, 'events.sqlite');
    const headBefore = (() => {
      const db = new Database(eventsPath, { readonly: true });
      const position = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
      db.close();
      return position;
    })();
    await ledgerCaughtUp(client, headBefore);
    const started = process.hrtime.bigint();
    const closed = await client.gql(
      `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { outcome ratified } }`,
      { input: { referendumId } },
      { token: clerkToken },
    );
    const elapsed = seconds(started);
    if (closed.errors !== undefined) throw new Error(JSON.stringify(closed.errors));
    const db = new Database(eventsPath, { readonly: true });
    const appended = db
      .prepare(
        `SELECT count(*) AS appends, max(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))) AS largest,
                sum(type = 'ReferendumCountPagePublished') AS pages
           FROM events WHERE position > ?`,
      )
      .get(headBefore) as { appends: number; largest: number; pages: number };
    db.close();
    return {
      seconds: elapsed,
      outcome: closed.data!.closeReferendum.outcome as string,
      largestAppend: appended.largest,
      appends: appended.appends,
      pages: appended.pages,
    };
  } finally {
    if (child.connected) child.send('stop');
    await exited(child);
  }
}

function countBallotEvents(eventsPath: string): number {
  const db = new Database(eventsPath, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM events WHERE type = 'ReferendumBallotCast'").pluck().get() as number;
  } finally {
    db.close();
  }
}

async function baselineRun(referendumId: string, tokens: readonly string[], httpBallots: number): Promise<LoadResult> {
  const child = forkTs(SERVER, ['baseline']);
  try {
    const { port } = await nextMessage<{ port: number }>(child);
    await castBallots(port, 'baseline', referendumId, tokens, 0, WARM_UP);
    return await castBallots(port, 'baseline', referendumId, tokens.slice(WARM_UP), WARM_UP, httpBallots);
  } finally {
    if (child.connected) child.send('stop');
    await exited(child);
  }
}

export async function runReferendumBench(): Promise<BenchRow[]> {
  const { members, httpBallots } = sizes();
  return withTempDir(
    'plenary-bench-referendum-',
    async (dataDir) => {
      const eventsPath = join(dataDir, 'events.sqlite');
      progress(`referendum: writing ${members.toLocaleString('en-US')} enrolments through the port`);
      const seeded = await seedMembers(eventsPath, members);
      progress(`referendum: enrolments written in ${seeded.toFixed(1)} s; starting the API`);

      const child = forkTs(SERVER, ['plenary', dataDir]);
      let referendumId: string;
      let clerk: string;
      let clerkToken: string;
      let tokens: string[];
      let warmUp: LoadResult;
      let measured: LoadResult;
      let electorate: number;
      try {
        const { port } = await nextMessage<{ port: number }>(child);
        const client = new HttpClient(port);
        const convention = await conventionInRatification(client, { ratificationThreshold: '2/3' });
        clerk = convention.clerk.memberId;
        clerkToken = convention.clerk.token;
        const opened = await client.gql(
          `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId receipt { position } } }`,
          { input: { conventionId: convention.conventionId } },
          { token: convention.clerk.token },
        );
        if (opened.errors !== undefined) throw new Error(JSON.stringify(opened.errors));
        referendumId = opened.data!.openReferendum.referendumId as string;
        const view = await client.gql(
          `query ($id: ID) { referendum(id: $id, waitForPosition: "${opened.data!.openReferendum.receipt.position}") { electorate } }`,
          { id: referendumId },
        );
        electorate = view.data!.referendum.electorate as number;
        await ledgerCaughtUp(client, Number(opened.data!.openReferendum.receipt.position));
        progress(
          `referendum: opened for ${electorate.toLocaleString('en-US')} members; signing ${(WARM_UP + httpBallots).toLocaleString('en-US')} tokens`,
        );

        const tokenService = new TokenService(loadConfig({ PLENARY_DATA_DIR: dataDir }), null);
        tokens = [];
        for (let index = 0; index < WARM_UP + httpBallots; index += 1) {
          tokens.push((await tokenService.issueDevToken({ kind: 'member', memberId: memberIdOf(index) })).token);
        }
        progress(
          `referendum: ${WARM_UP} warm-up ballots, then ${httpBallots.toLocaleString('en-US')} measured, over HTTP`,
        );
        warmUp = await castBallots(port, 'plenary', referendumId, tokens, 0, WARM_UP);
        measured = await castBallots(port, 'plenary', referendumId, tokens.slice(WARM_UP), WARM_UP, httpBallots);
      } finally {
        if (child.connected) child.send('stop');
        await exited(child);
      }
      progress('referendum: baseline server, same ballots');
      const baseline = await baselineRun(referendumId, tokens, httpBallots);
      const storedOverHttp = countBallotEvents(eventsPath);

      progress(
        `referendum: writing the other ${(members - WARM_UP - httpBallots).toLocaleString('en-US')} ballots through the port`,
      );
      const ballotSeconds = await seedBallots(
        eventsPath,
        join(dataDir, 'keys.sqlite'),
        referendumId,
        WARM_UP + httpBallots,
        members,
      );
      progress(`referendum: ballots written in ${ballotSeconds.toFixed(1)} s; projecting them`);
      const readModelPath = join(dataDir, 'read-models.sqlite');
      const projected = await project(eventsPath, readModelPath);
      progress(`referendum: read models caught up in ${projected.toFixed(1)} s; counting`);
      const tallies: TallyRun[] = [];
      const raws: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        tallies.push(await tallyAsTheCloseDoes(eventsPath, readModelPath, referendumId, clerk));
        raws.push(rawTally(readModelPath, referendumId));
      }
      const tally = [...tallies].sort((a, b) => a.seconds - b.seconds)[1];
      const raw = [...raws].sort((a, b) => a - b)[1];
      if (tally.voters !== members || tally.published !== members) {
        throw new Error(`counted ${tally.voters} voters and published ${tally.published} lines, not ${members}`);
      }
      progress('referendum: closing it over HTTP');
      const close = await closeOverHttp(dataDir, referendumId, clerkToken);

      const scale = `${members.toLocaleString('en-US')} members, electorate ${electorate.toLocaleString('en-US')}`;
      const httpNote =
        `${scale}; ${httpBallots.toLocaleString('en-US')} ballots by distinct members with their own tokens after ` +
        `${WARM_UP} warm-up ballots, ${CONNECTIONS} connections, each server in its own process; ` +
        `failed: ${measured.failed} (warm-up ${warmUp.failed})` +
        (measured.errorSamples.length === 0 ? '' : `; e.g. ${measured.errorSamples.join(' | ')}`);
      return [
        {
          name: 'castReferendumBallot over HTTP',
          baseline: 'bare Mercurius mutation',
          value: measured.requestsPerSecond,
          baselineValue: baseline.requestsPerSecond,
          unit: 'ballots/s',
          ratio: measured.requestsPerSecond / baseline.requestsPerSecond,
          targets: [{ of: 'value', atLeast: THROUGHPUT_TARGET }],
          note: httpNote,
        },
        {
          name: 'castReferendumBallot p99 latency',
          baseline: 'bare Mercurius mutation',
          value: measured.p99,
          baselineValue: baseline.p99,
          unit: 'ms',
          ratio: measured.p99 / baseline.p99,
          note: `p50 ${measured.p50} ms vs ${baseline.p50} ms`,
        },
        {
          name: 'referendum ballots failed / stored',
          baseline: 'clean 2xx ballots',
          value: storedOverHttp,
          baselineValue: warmUp.clean + measured.clean,
          unit: 'count',
          ratio: storedOverHttp / (warmUp.clean + measured.clean),
          targets: [{ of: 'ratio', atLeast: 1, atMost: 1 }],
          note: `ReferendumBallotCast events after the HTTP runs against clean answers; ${measured.failed + warmUp.failed} failed requests`,
        },
        {
          name: `referendum close: read + count + publish, ${members.toLocaleString('en-US')} ballots`,
          baseline: 'raw SQLite read of the same rows + count',
          value: tally.seconds * 1000,
          baselineValue: raw * 1000,
          unit: 'ms',
          ratio: tally.seconds / raw,
          targets: [{ of: 'value', atMost: TALLY_TARGET_SECONDS * 1000 }],
          note:
            `median of 3; reading the ballots from the read model ${(tally.readSeconds * 1000).toFixed(0)} ms, ` +
            `tallyReferendum alone ${(tally.countOnlySeconds * 1000).toFixed(0)} ms; outcome ${tally.outcome}; ` +
            `${(members - WARM_UP - httpBallots).toLocaleString('en-US')} ballots written through the port in ${ballotSeconds.toFixed(0)} s, ` +
            `projected in ${projected.toFixed(0)} s; log in ${LOG_PARENT_DIR}`,
        },
        {
          name: 'closeReferendum over HTTP, whole mutation',
          baseline: 'raw SQLite read of the same rows + count',
          value: close.seconds * 1000,
          baselineValue: raw * 1000,
          unit: 'ms',
          ratio: close.seconds / raw,
          targets: [{ of: 'value', atMost: TALLY_TARGET_SECONDS * 1000 }],
          note:
            `outcome ${close.outcome}; draws the line, waits for the read models to apply it, reads the ballots below it, ` +
            `publishes the count of ${members.toLocaleString('en-US')} trackers in ${close.pages} pages, records the tally ` +
            `and the charter's ratification: ${close.appends} appends, the largest ` +
            `${close.largestAppend.toLocaleString('en-US')} bytes (data + metadata; limit 1,048,576); ` +
            `the API restarted on the same data directory just before, its ledger caught up`,
        },
      ];
    },
    LOG_PARENT_DIR,
  );
}
