import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { KeyVault } from '../../libs/privacy/src';
import { CharterEvent, EnactmentOrigin, charterStream } from '../../libs/proposals/src';
import { KEY_VAULT } from '../../apps/api/src/infrastructure/tokens';
import { ConventionInRatification, FixtureMember, conventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const OPEN = `mutation ($input: OpenReferendumInput!) {
  openReferendum(input: $input) { referendumId receipt { commandId position revision replayed } }
}`;
const CAST = `mutation ($input: CastReferendumBallotInput!) {
  castReferendumBallot(input: $input) { referendumId tracker receipt { commandId position revision replayed } }
}`;
const CLOSE = `mutation ($input: CloseReferendumInput!) {
  closeReferendum(input: $input) { referendumId outcome ratified receipt { commandId position replayed } }
}`;
const RESIGN = `mutation { resign { receipt { position } } }`;
const REFERENDUM = `query ($id: ID, $conventionId: ID, $wait: String, $asOf: String) {
  referendum(id: $id, conventionId: $conventionId, waitForPosition: $wait, asOf: $asOf) {
    id conventionId question status electorate turnout threshold openedBy openedAt closedAt
    result {
      outcome yes no abstain required thresholdMet
      working {
        method outcome cast participation tally { yes no abstain } voters { yes no abstain }
        quorum { fraction of base required met }
        threshold { kind fraction of comparison base required met }
      }
    }
  }
}`;
const COUNT = `query ($id: ID!, $first: Int, $after: String, $tracker: String, $wait: String) {
  referendumCount(referendumId: $id, first: $first, after: $after, tracker: $tracker, waitForPosition: $wait) {
    tracker choice
  }
}`;
const MINE = `query ($id: ID!) { myReferendumBallot(referendumId: $id) { referendumId tracker choice } }`;
const STRUCTURE = `query ($wait: String, $asOf: String) {
  organizationStructure(waitForPosition: $wait, asOf: $asOf) {
    phase
    ratification { referendumId outcome decidedAt }
    interim { committee { memberId } commitments { version } branches { id } chapters { totalCount nodes { id name } } }
    final {
      bodies { totalCount nodes { id name composition { role seats } mandate proposalId } }
      rules { totalCount nodes { id title version text proposalId } }
      commitments { id title clauses }
    }
  }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, reason: string) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code, reason });
}

const origin = (proposalId: string): EnactmentOrigin => ({
  proposalId,
  proposalVersion: 1,
  voteId: `vote-${proposalId}`,
  amendmentIds: [],
});

/**
 * The charter as the convention adopted it. Adoption is another slice's work (apps/api/src/floor),
 * so these tests give the charter stream directly through the store port.
 */
async function givenAdoptedCharter(app: TestApp): Promise<void> {
  const at = new Date().toISOString();
  const events: CharterEvent[] = [
    {
      type: 'BodyCreated',
      data: {
        bodyId: 'national-council',
        name: 'National council',
        composition: [{ role: 'Branch delegate', seats: 2 }],
        mandate: ['A national council is created.', 'It meets twice a year.'],
        origin: origin('P1'),
        createdAt: at,
      },
    },
    {
      type: 'RuleAdopted',
      data: {
        ruleId: 'dues',
        version: 1,
        title: 'Dues',
        clauses: ['Dues are one euro a month.'],
        consolidatedText: '1. Dues are one euro a month.',
        origin: origin('P2'),
        adoptedAt: at,
      },
    },
    {
      type: 'CommitmentAdopted',
      data: {
        commitmentId: 'peace',
        title: 'Peace',
        clauses: ['We work for peace.'],
        origin: origin('P3'),
        adoptedAt: at,
      },
    },
  ];
  const commandId = randomUUID();
  await app.store.appendToStream(
    charterStream(),
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { kind: 'operator', name: 'test' },
        acceptedAt: at,
      },
    })),
    { expectedRevision: 'no_stream' },
  );
}

/** Members enrolled and not resigned, from the log. */
async function membersInGoodStanding(app: TestApp): Promise<number> {
  const events = await app.store.readAll({ after: 0n, maxCount: 100_000 });
  return (
    events.filter((event) => event.type === 'MemberEnrolled').length -
    events.filter((event) => event.type === 'MemberResigned').length
  );
}

describe('the ratification referendum over GraphQL (e2e)', () => {
  let app: TestApp;
  let convention: ConventionInRatification;
  let voters: Record<string, FixtureMember>;
  let resignedBeforeOpen: FixtureMember;
  let referendumId: string;
  let openedAt: string;
  const trackers: Record<string, string> = {};
  const ballotCommandIds: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    convention = await conventionInRatification(app, { stopBefore: 'RATIFICATION' });
    voters = {};
    for (const name of ['Ana', 'Ben', 'Cal', 'Dot', 'Ivy']) voters[name] = await app.enroll(name);
    resignedBeforeOpen = await app.enroll('Rex');
    expectOk(await app.gql(RESIGN, {}, { token: resignedBeforeOpen.token }));
    await givenAdoptedCharter(app);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  });

  const open = (token: string | undefined, input: Record<string, unknown> = {}) =>
    app.gql(OPEN, { input: { conventionId: convention.conventionId, ...input } }, { token });
  const cast = (token: string | undefined, choice: string, input: Record<string, unknown> = {}) =>
    app.gql(CAST, { input: { referendumId, choice, ...input } }, { token });

  describe('openReferendum', () => {
    it('is refused before the RATIFICATION phase, to non-secretariat and to nobody, appending nothing', async () => {
      expectError(
        await app.expectNothingAppended(() => open(convention.clerk.token)),
        'CONFLICT',
        'WRONG_CONVENTION_PHASE',
      );
      await convention.advance('RATIFICATION');
      expectError(await app.expectNothingAppended(() => open(convention.chair.token)), 'FORBIDDEN', 'NOT_SECRETARIAT');
      expectError(await app.expectNothingAppended(() => open(convention.operator)), 'FORBIDDEN', 'NOT_SECRETARIAT');
      expectError(await app.expectNothingAppended(() => open(undefined)), 'UNAUTHENTICATED', 'UNAUTHENTICATED');
      expectError(
        await app.expectNothingAppended(() => open(convention.clerk.token, { conventionId: randomUUID() })),
        'NOT_FOUND',
        'CONVENTION_NOT_FOUND',
      );
      const blank = await app.expectNothingAppended(() => open(convention.clerk.token, { question: '   ' }));
      expectError(blank, 'BAD_USER_INPUT', 'INVALID_INPUT');
    });

    it('opens on the adopted charter with the members in good standing as electorate, once per command id', async () => {
      const commandId = randomUUID();
      const opened = expectOk(await open(convention.clerk.token, { commandId })).openReferendum;
      referendumId = opened.referendumId;
      openedAt = opened.receipt.position;
      expect(opened.receipt.replayed).toBe(false);
      const retried = expectOk(
        await app.expectNothingAppended(() => open(convention.clerk.token, { commandId })),
      ).openReferendum;
      expect(retried).toEqual({ ...opened, receipt: { ...opened.receipt, replayed: true } });
      expectError(
        await app.expectNothingAppended(() => open(convention.clerk.token)),
        'CONFLICT',
        'REFERENDUM_ALREADY_OPENED',
      );
      expect(await (app.app.get(KEY_VAULT) as KeyVault).voteKeyStatus(referendumId)).toBe('active');

      const view = expectOk(await app.gql(REFERENDUM, { id: referendumId, wait: openedAt })).referendum;
      expect(view).toEqual({
        id: referendumId,
        conventionId: convention.conventionId,
        question: 'Do you ratify the charter adopted by the convention?',
        status: 'OPEN',
        electorate: await membersInGoodStanding(app),
        turnout: 0,
        threshold: '2/3',
        openedBy: convention.clerk.memberId,
        openedAt: expect.any(String),
        closedAt: null,
        result: null,
      });
      const byConvention = expectOk(await app.gql(REFERENDUM, { conventionId: convention.conventionId })).referendum;
      expect(byConvention.id).toBe(referendumId);
    });
  });

  describe('castReferendumBallot', () => {
    it('records a secret ballot and hands the voter their tracker; a retry appends nothing', async () => {
      const before = expectOk(
        await app.gql(MINE, { id: referendumId }, { token: voters.Ana.token }),
      ).myReferendumBallot;
      expect(before).toEqual({ referendumId, tracker: expect.any(String), choice: null });
      const commandId = randomUUID();
      ballotCommandIds.push(commandId);
      const cast1 = expectOk(await cast(voters.Ana.token, 'YES', { commandId })).castReferendumBallot;
      expect(cast1.tracker).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){4}$/);
      expect(cast1.tracker).toBe(before.tracker);
      expect(cast1.receipt).toMatchObject({ commandId, replayed: false });
      trackers.Ana = cast1.tracker;
      const retried = expectOk(
        await app.expectNothingAppended(() => cast(voters.Ana.token, 'YES', { commandId })),
      ).castReferendumBallot;
      expect(retried).toEqual({ ...cast1, receipt: { ...cast1.receipt, replayed: true } });
      expect(
        expectOk(await app.gql(MINE, { id: referendumId }, { token: voters.Ana.token })).myReferendumBallot,
      ).toEqual({ referendumId, tracker: cast1.tracker, choice: 'YES' });
    });

    it('lets a voter replace their ballot; the later one counts and turnout counts the voter once', async () => {
      const commandId = randomUUID();
      ballotCommandIds.push(commandId);
      const replaced = expectOk(await cast(voters.Ana.token, 'NO', { commandId })).castReferendumBallot;
      expect(replaced.tracker).toBe(trackers.Ana);
      const mine = expectOk(await app.gql(MINE, { id: referendumId }, { token: voters.Ana.token })).myReferendumBallot;
      expect(mine.choice).toBe('NO');
      const view = expectOk(
        await app.gql(REFERENDUM, { id: referendumId, wait: replaced.receipt.position }),
      ).referendum;
      expect(view.turnout).toBe(1);
    });

    it('refuses members not in good standing: resigned before or after the opening, or enrolled after it', async () => {
      expectError(
        await app.expectNothingAppended(() => cast(resignedBeforeOpen.token, 'NO')),
        'FORBIDDEN',
        'VOTER_NOT_IN_GOOD_STANDING',
      );
      expectOk(await app.gql(RESIGN, {}, { token: voters.Ivy.token }));
      expectError(
        await app.expectNothingAppended(() => cast(voters.Ivy.token, 'NO')),
        'FORBIDDEN',
        'VOTER_NOT_IN_GOOD_STANDING',
      );
      const late = await app.enroll('Latecomer');
      expectError(
        await app.expectNothingAppended(() => cast(late.token, 'YES')),
        'FORBIDDEN',
        'VOTER_NOT_IN_GOOD_STANDING',
      );
    });

    it('refuses the unauthenticated, operators and unknown referendums', async () => {
      expectError(await app.expectNothingAppended(() => cast(undefined, 'YES')), 'UNAUTHENTICATED', 'UNAUTHENTICATED');
      expectError(
        await app.expectNothingAppended(() => cast(convention.operator, 'YES')),
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
      );
      expectError(
        await app.expectNothingAppended(() => cast(voters.Ben.token, 'YES', { referendumId: randomUUID() })),
        'NOT_FOUND',
        'REFERENDUM_NOT_FOUND',
      );
      // A choice outside the enum never reaches the resolver. (The shared error formatter reports
      // variable coercion errors as INTERNAL today, so only the status is checked here.)
      const bad = await app.expectNothingAppended(() => cast(voters.Ben.token, 'MAYBE'));
      expect(bad.status).toBe(400);
      expect(bad.data ?? null).toBeNull();
    });

    it('keeps one counted ballot per voter under concurrent casts', async () => {
      const choices = ['YES', 'NO', 'ABSTAIN', 'YES', 'NO', 'YES', 'NO', 'YES'];
      const results = await Promise.all(choices.map((choice) => cast(voters.Ben.token, choice)));
      for (const result of results) expectOk(result);
      trackers.Ben = results[0].data!.castReferendumBallot.tracker;
      expect(new Set(results.map((result) => result.data!.castReferendumBallot.tracker))).toEqual(
        new Set([trackers.Ben]),
      );
      const last = results.map((result) => BigInt(result.data!.castReferendumBallot.receipt.position));
      const wait = last.reduce((a, b) => (a > b ? a : b)).toString();
      const view = expectOk(await app.gql(REFERENDUM, { id: referendumId, wait })).referendum;
      expect(view.turnout).toBe(2);
      const ballotsOfBen = (await app.store.readAll({ after: BigInt(openedAt), maxCount: 10_000 })).filter(
        (event) =>
          event.type === 'ReferendumBallotCast' && (event.data as { tracker: string }).tracker === trackers.Ben,
      );
      expect(new Set(ballotsOfBen.map((event) => event.streamName)).size).toBe(1);
    });

    it('stores ballots in their own streams, anonymously, outside the referendum stream', async () => {
      trackers.Cal = expectOk(await cast(voters.Cal.token, 'YES')).castReferendumBallot.tracker;
      trackers.Dot = expectOk(await cast(voters.Dot.token, 'YES')).castReferendumBallot.tracker;
      const referendumStream = await app.store.readStream(`Referendum-${referendumId}`);
      expect(referendumStream.map((event) => event.type)).toEqual(['ReferendumOpened']);
      const ballots = (await app.store.readAll({ after: BigInt(openedAt), maxCount: 10_000 })).filter(
        (event) => event.type === 'ReferendumBallotCast',
      );
      expect(ballots.length).toBeGreaterThanOrEqual(4);
      for (const ballot of ballots) {
        expect(ballot.streamName).toMatch(new RegExp(`^ReferendumBallot-${referendumId}-[0-9a-f]{32}$`));
        expect(ballot.metadata.actor).toBeNull();
        expect(ballotCommandIds).not.toContain(ballot.metadata.commandId);
      }
    });
  });

  describe('closeReferendum', () => {
    let closedAt: string;

    it('is refused to non-secretariat, for unknown referendums, and leaves the vote open', async () => {
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(CLOSE, { input: { referendumId } }, { token: convention.chair.token }),
        ),
        'FORBIDDEN',
        'NOT_SECRETARIAT',
      );
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(CLOSE, { input: { referendumId: randomUUID() } }, { token: convention.clerk.token }),
        ),
        'NOT_FOUND',
        'REFERENDUM_NOT_FOUND',
      );
      expect(await (app.app.get(KEY_VAULT) as KeyVault).voteKeyStatus(referendumId)).toBe('active');
      expectOk(await app.gql(MINE, { id: referendumId }, { token: voters.Cal.token }));
    });

    it('destroys the key, counts, publishes the count by tracker and ratifies the charter', async () => {
      const commandId = randomUUID();
      const closed = expectOk(
        await app.gql(CLOSE, { input: { referendumId, commandId } }, { token: convention.clerk.token }),
      ).closeReferendum;
      closedAt = closed.receipt.position;
      // Ana NO, Ben YES (his last), Cal YES, Dot YES: 3 of 4 votes cast reach two thirds.
      expect(closed).toMatchObject({ referendumId, outcome: 'ADOPTED', ratified: true });
      expect(closed.receipt).toMatchObject({ commandId, replayed: false });
      expect(await (app.app.get(KEY_VAULT) as KeyVault).voteKeyStatus(referendumId)).toBe('destroyed');

      const retried = expectOk(
        await app.expectNothingAppended(() =>
          app.gql(CLOSE, { input: { referendumId, commandId } }, { token: convention.clerk.token }),
        ),
      ).closeReferendum;
      expect(retried).toEqual({ ...closed, receipt: { ...closed.receipt, replayed: true } });
      expectError(
        await app.expectNothingAppended(() =>
          app.gql(CLOSE, { input: { referendumId } }, { token: convention.clerk.token }),
        ),
        'CONFLICT',
        'REFERENDUM_CLOSED',
      );

      const view = expectOk(await app.gql(REFERENDUM, { id: referendumId, wait: closedAt })).referendum;
      expect(view).toMatchObject({
        status: 'CLOSED',
        turnout: 4,
        closedAt: expect.any(String),
        result: { outcome: 'ADOPTED', yes: 3, no: 1, abstain: 0, thresholdMet: true },
      });
      expect(view.result.working).toEqual({
        method: 'yes-no',
        outcome: 'ADOPTED',
        cast: '4',
        participation: '4',
        tally: { yes: '3', no: '1', abstain: '0' },
        voters: { yes: 3, no: 1, abstain: 0 },
        // The fixture's referendum rules set no quorum.
        quorum: null,
        threshold: {
          kind: 'fraction',
          fraction: '2/3',
          of: 'cast',
          comparison: 'at-least',
          base: '4',
          required: '8/3',
          met: true,
        },
      });

      const count = expectOk(await app.gql(COUNT, { id: referendumId, first: 100 })).referendumCount;
      expect(count).toEqual(
        [
          { tracker: trackers.Ana, choice: 'NO' },
          { tracker: trackers.Ben, choice: 'YES' },
          { tracker: trackers.Cal, choice: 'YES' },
          { tracker: trackers.Dot, choice: 'YES' },
        ].sort((a, b) => (a.tracker < b.tracker ? -1 : 1)),
      );
      const page = expectOk(
        await app.gql(COUNT, { id: referendumId, first: 2, after: count[1].tracker }),
      ).referendumCount;
      expect(page).toEqual(count.slice(2, 4));
      expect(expectOk(await app.gql(COUNT, { id: referendumId, tracker: trackers.Ana })).referendumCount).toEqual([
        { tracker: trackers.Ana, choice: 'NO' },
      ]);
    });

    it('refuses ballots and the tracker lookup after the close', async () => {
      expectError(await app.expectNothingAppended(() => cast(voters.Cal.token, 'NO')), 'CONFLICT', 'REFERENDUM_CLOSED');
      expectError(
        await app.gql(MINE, { id: referendumId }, { token: voters.Cal.token }),
        'CONFLICT',
        'REFERENDUM_CLOSED',
      );
    });

    it('puts the final structure in force; before the close the interim one stood', async () => {
      const structure = expectOk(await app.gql(STRUCTURE, { wait: closedAt })).organizationStructure;
      expect(structure).toEqual({
        phase: 'FINAL',
        ratification: { referendumId, outcome: 'RATIFIED', decidedAt: expect.any(String) },
        interim: null,
        final: {
          bodies: {
            totalCount: 1,
            nodes: [
              {
                id: 'national-council',
                name: 'National council',
                composition: [{ role: 'Branch delegate', seats: 2 }],
                mandate: ['A national council is created.', 'It meets twice a year.'],
                proposalId: 'P1',
              },
            ],
          },
          rules: {
            totalCount: 1,
            nodes: [{ id: 'dues', title: 'Dues', version: 1, text: '1. Dues are one euro a month.', proposalId: 'P2' }],
          },
          commitments: [{ id: 'peace', title: 'Peace', clauses: ['We work for peace.'] }],
        },
      });
      const before = expectOk(await app.gql(STRUCTURE, { asOf: openedAt })).organizationStructure;
      expect(before.phase).toBe('INTERIM');
      expect(before.final).toBeNull();
      expect(before.ratification).toBeNull();
      expect(before.interim.committee).toEqual([{ memberId: convention.chair.memberId }]);
      expect(before.interim.chapters).toEqual({
        totalCount: 1,
        nodes: [{ id: convention.chapterId, name: 'Founding Hall' }],
      });
      const openView = expectOk(await app.gql(REFERENDUM, { id: referendumId, asOf: openedAt })).referendum;
      expect(openView.status).toBe('OPEN');
    });

    it('leaves nothing in the log or the read models that links a member to a ballot', async () => {
      const voterIds = Object.values(voters).map((voter) => voter.memberId);
      const vault = app.app.get(KEY_VAULT) as KeyVault;
      await expect(vault.ballotKey(referendumId, voters.Ana.memberId)).rejects.toThrow();

      // The raw rows of the event log: no ballot event names a voter, in its stream, data or metadata.
      if (app.config.store.kind !== 'sqlite') throw new Error('these tests run on the embedded store');
      const log = new Database(app.config.store.path, { readonly: true });
      const rows = log
        .prepare(
          `SELECT stream_id, data, metadata FROM events WHERE type IN
            ('ReferendumBallotCast', 'ReferendumVotingClosed', 'ReferendumCountPagePublished', 'ReferendumCounted')`,
        )
        .all() as Array<{ stream_id: string; data: string; metadata: string }>;
      log.close();
      expect(rows.length).toBeGreaterThan(4);
      for (const row of rows) {
        const text = `${row.stream_id} ${row.data} ${row.metadata}`;
        for (const memberId of voterIds) expect(text).not.toContain(memberId);
        for (const commandId of ballotCommandIds) expect(text).not.toContain(commandId);
      }

      // The read models: the referendum's tables hold no voter and no voter key any more.
      const readModels = new Database(app.config.readModelPath, { readonly: true });
      const referendumTables = [
        'referendums',
        'referendum_ballots',
        'referendum_count_pages',
        'referendum_late_ballots',
      ].map((table) => JSON.stringify(readModels.prepare(`SELECT * FROM ${table}`).all()));
      const voterKeys = readModels.prepare('SELECT count(*) AS n FROM referendum_ballots').get() as { n: number };
      readModels.close();
      expect(voterKeys.n).toBe(0);
      for (const dump of referendumTables) for (const memberId of voterIds) expect(dump).not.toContain(memberId);
    });
  });
});

describe('a failed ratification over GraphQL (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('keeps the interim structure when the threshold of the rules is not reached', async () => {
    const convention = await conventionInRatification(app, { ratificationThreshold: '3/4' });
    const voters = [await app.enroll('Yes One'), await app.enroll('Yes Two'), await app.enroll('No One')];
    const { referendumId } = expectOk(
      await app.gql(OPEN, { input: { conventionId: convention.conventionId } }, { token: convention.clerk.token }),
    ).openReferendum;
    for (const [voter, choice] of [
      [voters[0], 'YES'],
      [voters[1], 'YES'],
      [voters[2], 'NO'],
    ] as const) {
      expectOk(await app.gql(CAST, { input: { referendumId, choice } }, { token: voter.token }));
    }
    const closed = expectOk(
      await app.gql(CLOSE, { input: { referendumId } }, { token: convention.clerk.token }),
    ).closeReferendum;
    expect(closed).toMatchObject({ outcome: 'REJECTED', ratified: false });
    const view = expectOk(await app.gql(REFERENDUM, { id: referendumId, wait: closed.receipt.position })).referendum;
    expect(view).toMatchObject({ threshold: '3/4', result: { yes: 2, no: 1, thresholdMet: false } });
    const structure = expectOk(await app.gql(STRUCTURE, { wait: closed.receipt.position })).organizationStructure;
    expect(structure).toMatchObject({
      phase: 'INTERIM',
      ratification: { referendumId, outcome: 'FAILED' },
      final: null,
      interim: { committee: [{ memberId: convention.chair.memberId }] },
    });
  }, 60_000);
});
