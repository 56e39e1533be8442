import { randomBytes, randomUUID } from 'node:crypto';
import { EventMetadata, checkPages } from '../../libs/core/src';
import {
  ReferendumCountPagePublished,
  ReferendumCounted,
  referendumCountStream,
  referendumStream,
} from '../../libs/proposals/src';
import { conventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

/**
 * The referendum's close at scale: REFERENDUM_SCALE_BALLOTS ballots (default 30,000, enough for several pages; 100,000 or more behind the variable) written
 * through the store port as the cast handler writes them, then closed over HTTP. Every append
 * the close makes stays far below EventStoreDB's default 1 MiB per append (counted as it
 * counts: the data and metadata bytes of the events in the append; each of the close's appends
 * holds one event), the published pages check against their summary and hold every ballot.
 */

const BALLOTS = Number(process.env.REFERENDUM_SCALE_BALLOTS ?? 30_000);
const MAX_APPEND_BYTES = 1024 * 1024;

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const trackerOf = (): string => randomBytes(10).toString('hex').match(/.{4}/g)!.join('-');

describe(`the referendum close at ${BALLOTS.toLocaleString('en-US')} ballots (e2e)`, () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '60000' });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('publishes the count in pages, each append far under 1 MiB, and the pages hold every ballot', async () => {
    const convention = await conventionInRatification(app);
    const { referendumId } = ok(
      await app.gql(
        `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
        { input: { conventionId: convention.conventionId } },
        { token: convention.clerk.token },
      ),
    ).openReferendum;

    const castAt = new Date().toISOString();
    const choices = ['yes', 'no', 'abstain'] as const;
    for (let from = 0; from < BALLOTS; from += 1000) {
      // Appends requested in one turn share one group commit, as concurrent casts would.
      await Promise.all(
        Array.from({ length: Math.min(1000, BALLOTS - from) }, (_, offset) => {
          const voterKey = randomBytes(16).toString('hex');
          const commandId = randomUUID();
          const metadata: EventMetadata = {
            commandId,
            correlationId: commandId,
            causationId: commandId,
            actor: null,
            acceptedAt: castAt,
          };
          return app.store.appendToStream(
            `ReferendumBallot-${referendumId}-${voterKey}`,
            [
              {
                id: randomUUID(),
                type: 'ReferendumBallotCast',
                data: { referendumId, voterKey, tracker: trackerOf(), choice: choices[(from + offset) % 3], castAt },
                metadata,
              },
            ],
            { expectedRevision: 'no_stream' },
          );
        }),
      );
    }

    const started = process.hrtime.bigint();
    const closed = ok(
      await app.gql(
        `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { outcome receipt { position } } }`,
        { input: { referendumId } },
        { token: convention.clerk.token },
      ),
    ).closeReferendum;
    const closeMs = Number(process.hrtime.bigint() - started) / 1e6;

    const history = await app.store.readStream(referendumStream(referendumId));
    const line = history.find((event) => event.type === 'ReferendumVotingClosed')!;
    const after = [];
    for (let from = line.position - 1n; ;) {
      const page = await app.store.readAll({ after: from, maxCount: 1000 });
      if (page.length === 0) break;
      after.push(...page);
      from = page[page.length - 1].position;
    }
    const sizes = after.map(
      (event) => Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata)),
    );
    const largest = Math.max(...sizes);
    console.log(
      `closeReferendum over HTTP at ${BALLOTS.toLocaleString('en-US')} ballots: ${closeMs.toFixed(0)} ms; ` +
        `${after.length} appends by the close, largest ${largest.toLocaleString('en-US')} bytes (data + metadata)`,
    );
    expect(largest).toBeLessThan(MAX_APPEND_BYTES * 0.75);

    const counted = history.find((event) => event.type === 'ReferendumCounted')!.data as ReferendumCounted['data'];
    const pages = (await app.store.readStream(referendumCountStream(referendumId))).map(
      (event) => event.data as ReferendumCountPagePublished['data'],
    );
    expect(counted.itemCount).toBe(BALLOTS);
    expect(counted.pageCount).toBeGreaterThan(1);
    expect(checkPages(pages, counted)).toEqual([]);
    expect(counted.tally.voters.yes + counted.tally.voters.no + counted.tally.voters.abstain).toBe(BALLOTS);

    const { referendum, referendumCount } = ok(
      await app.gql(
        `query ($id: ID!, $wait: String, $tracker: String) {
          referendum(id: $id, waitForPosition: $wait) { status turnout }
          referendumCount(referendumId: $id, tracker: $tracker, waitForPosition: $wait) { tracker choice } }`,
        { id: referendumId, wait: closed.receipt.position, tracker: pages[1].items[0].tracker },
      ),
    );
    expect(referendum).toEqual({ status: 'CLOSED', turnout: BALLOTS });
    expect(referendumCount).toEqual([
      { tracker: pages[1].items[0].tracker, choice: pages[1].items[0].choice.toUpperCase() },
    ]);
  }, 180_000);
});
