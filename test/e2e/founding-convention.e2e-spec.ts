import { join } from 'node:path';
import { ReadModels } from '../../apps/api/src/infrastructure/read-models.service';
import { ProjectionRunner, allProjections, dumpTables, openReadModelDatabase } from '../../libs/projections/src';
import { FoundingOrganization, Member, ok } from '../support/founding-convention';
import { TestApp } from '../support/test-app';

const PAGE = 'totalCount pageInfo { endCursor hasNextPage }';
interface Connection {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: unknown[];
}

/**
 * One founding convention, start to finish, through the GraphQL API only. The steps share one
 * organization and run in order.
 */
describe('a whole founding convention over GraphQL (e2e)', () => {
  let app: TestApp;
  let org: FoundingOrganization;

  beforeAll(async () => {
    app = await TestApp.start();
    org = new FoundingOrganization(app);
  }, 120_000);

  afterAll(async () => {
    await app.stop();
  });

  it('sets up the interim organization: commitments, committee, 3 branches, 12 chapters, 300 members', async () => {
    await org.setUpInterimOrganization();
    expect(org.memberCount).toBe(300);
    const head = (await app.store.headPosition()).toString();
    const structure = ok(
      await app.gql(
        `query ($wait: String) {
          chapters(waitForPosition: $wait, first: 50) { nodes { name kind status memberCount branchId } }
          branches { countryCode }
          committee { pseudonym }
        }`,
        { wait: head },
      ),
    );
    expect(structure.chapters.nodes).toHaveLength(12);
    expect(structure.chapters.nodes.filter((chapter: { kind: string }) => chapter.kind === 'ONLINE')).toHaveLength(1);
    expect(structure.chapters.nodes.every((chapter: { status: string }) => chapter.status === 'ACTIVE')).toBe(true);
    expect(
      structure.chapters.nodes.reduce((sum: number, chapter: { memberCount: number }) => sum + chapter.memberCount, 0),
    ).toBe(297);
    expect(structure.branches).toHaveLength(3);
    expect(structure.committee).toHaveLength(3);
  }, 180_000);

  it('calls the convention and apportions 24 seats across the chapters by Sainte-Laguë', async () => {
    await org.callConvention();
    const advanced = ok(await org.advance('DELEGATE_SELECTION'));
    const result = ok(
      await app.gql(
        `query ($wait: String) {
          convention(waitForPosition: $wait) { phase apportionment { method totalSeats chapters { chapterId members seats } } }
        }`,
        { wait: advanced.advanceConventionPhase.receipt.position },
      ),
    );
    const { apportionment, phase } = result.convention;
    expect(phase).toBe('DELEGATE_SELECTION');
    expect(apportionment.method).toBe('SAINTE_LAGUE');
    expect(apportionment.chapters).toHaveLength(12);
    const seats = apportionment.chapters.reduce((sum: number, chapter: { seats: number }) => sum + chapter.seats, 0);
    expect(seats).toBe(24);
    const paris = apportionment.chapters.find(
      (chapter: { chapterId: string }) => chapter.chapterId === org.chapters['Paris Nord'].id,
    );
    expect(paris).toMatchObject({ members: 46 });
    expect(paris.seats).toBeGreaterThanOrEqual(3);
  });

  it('elects delegates and alternates in every chapter, and the secretariat credentials them', async () => {
    await org.electAndCredentialDelegates();
    const roster = await org.roster();
    const delegates = roster.filter((seat) => seat.role === 'DELEGATE');
    expect(delegates).toHaveLength(24);
    expect(delegates.every((seat) => seat.credentialed)).toBe(true);
    expect(roster.filter((seat) => seat.role === 'ALTERNATE')).toHaveLength(12);
    ok(await org.advance('PROPOSAL_SUBMISSION'));
  }, 120_000);

  describe('the convention floor', () => {
    let d: Member[];
    const p: Record<string, string> = {};
    const a: Record<string, string> = {};
    const yes = (voters: Member[]) =>
      voters.map((voter): [Member, Record<string, unknown>] => [voter, { choice: 'YES' }]);
    const no = (voters: Member[]) =>
      voters.map((voter): [Member, Record<string, unknown>] => [voter, { choice: 'NO' }]);

    it('takes ten proposals from credentialed delegates, each seconded', async () => {
      d = await org.delegates();
      expect(d).toHaveLength(24);
      p.membership = await org.submit(d[0], d[1], {
        kind: 'ADOPT_RULE',
        title: 'Membership',
        clauses: [
          'Anyone who accepts the commitments may join.',
          'Members pay no fee.',
          'Members may resign at any time.',
        ],
      });
      p.chapters = await org.submit(d[2], d[3], {
        kind: 'ADOPT_RULE',
        title: 'Chapters',
        clauses: ['Chapters are local or online.', 'A chapter elects its own officers.'],
      });
      p.delegates = await org.submit(d[4], d[5], {
        kind: 'ADOPT_RULE',
        title: 'Delegates',
        clauses: ['Each chapter elects delegates.', 'Delegates serve for two years.'],
      });
      p.council = await org.submit(d[6], d[7], {
        kind: 'CREATE_BODY',
        title: 'National councils',
        bodyName: 'National Council',
        clauses: ['Each branch has a national council.'],
        composition: [{ role: 'Chapter delegate', seats: 2 }],
      });
      p.openBooks = await org.submit(d[8], d[9], {
        kind: 'ADOPT_COMMITMENT',
        title: 'Open books',
        clauses: ['The accounts are published every quarter.'],
      });
      p.housing = await org.submit(d[10], d[11], {
        kind: 'ADOPT_CAMPAIGN',
        title: 'Housing for all',
        clauses: ['The first campaign is for affordable housing.'],
      });
      p.thanks = await org.submit(d[12], d[13], {
        kind: 'RESOLUTION',
        title: 'Thanks to the committee',
        clauses: ['The convention thanks the consultative committee.'],
      });
      p.dues = await org.submit(d[14], d[15], {
        kind: 'ADOPT_RULE',
        title: 'Dues',
        clauses: ['Members pay one euro a month.'],
      });
      p.stv = await org.submit(d[16], d[17], {
        kind: 'ADOPT_RULE',
        title: 'Elections by STV',
        subject: 'Elections',
        clauses: ['Officers are elected by the single transferable vote.'],
      });
      p.approval = await org.submit(d[18], d[19], {
        kind: 'ADOPT_RULE',
        title: 'Elections by approval',
        subject: 'Elections',
        clauses: ['Officers are elected by approval voting.'],
      });
      const listed = ok(
        await app.gql(`query ($wait: String) { proposals(waitForPosition: $wait) { nodes { id status } } }`, {
          wait: (await app.store.headPosition()).toString(),
        }),
      );
      expect(listed.proposals.nodes).toHaveLength(10);
    }, 60_000);

    it('amends: a friendly primary, a voted primary with a secondary, and one in conflict that is rebased', async () => {
      ok(await org.advance('AMENDMENT'));
      a.friendly = await org.amend(d[20], {
        proposalId: p.membership,
        operations: [{ op: 'REPLACE', clause: 2, text: 'Members pay what they can afford.' }],
      });
      await org.acceptFriendly(d[0], a.friendly);

      a.primary = await org.amend(d[21], {
        proposalId: p.chapters,
        operations: [{ op: 'INSERT_AFTER', clause: 1, text: 'A chapter has at least three members.' }],
      });
      a.secondary = await org.amend(d[22], {
        proposalId: p.chapters,
        parentAmendmentId: a.primary,
        operations: [{ op: 'REPLACE', clause: 2, text: 'A chapter has at least five members.' }],
      });

      a.conflicted = await org.amend(d[23], {
        proposalId: p.delegates,
        baseVersion: 1,
        operations: [{ op: 'REPLACE', clause: 2, text: 'Delegates serve for one year.' }],
      });
      a.friendlyOnDelegates = await org.amend(d[1], {
        proposalId: p.delegates,
        operations: [{ op: 'INSERT_AFTER', clause: 0, text: 'Delegates represent their chapter.' }],
      });
      await org.acceptFriendly(d[4], a.friendlyOnDelegates);
      const head = (await app.store.headPosition()).toString();
      const before = ok(
        await app.gql(
          `query ($id: ID!, $wait: String) { amendments(proposalId: $id, waitForPosition: $wait) { nodes { id inConflict } } }`,
          { id: p.delegates, wait: head },
        ),
      );
      expect(before.amendments.nodes.find((entry: { id: string }) => entry.id === a.conflicted).inConflict).toBe(true);
      // After the friendly insertion, the old clause 2 is clause 3.
      await org.rebase(d[23], a.conflicted, [{ op: 'REPLACE', clause: 3, text: 'Delegates serve for one year.' }]);
    }, 60_000);

    it('votes in agenda order: the secondary, the primaries, then the motions', async () => {
      ok(await org.advance('DELIBERATION'));
      ok(await org.advance('VOTING'));
      const majority = [...yes(d.slice(0, 20)), ...no(d.slice(20))];

      expect((await org.putToVote({ amendmentId: a.secondary }, majority)).outcome).toBe('adopted');
      expect((await org.putToVote({ amendmentId: a.primary }, majority)).outcome).toBe('adopted');
      expect((await org.putToVote({ amendmentId: a.conflicted }, majority)).outcome).toBe('adopted');
      for (const key of ['membership', 'chapters', 'delegates', 'council', 'openBooks', 'housing']) {
        expect([key, (await org.putToVote({ proposalId: p[key] }, majority)).outcome]).toEqual([key, 'adopted']);
      }
    }, 120_000);

    it('records a failed quorum and a missed two-thirds threshold as rejections, with their results', async () => {
      const fewVoters = await org.putToVote({ proposalId: p.thanks }, yes(d.slice(0, 5)));
      expect(fewVoters.outcome).toBe('no-quorum');
      expect(fewVoters.participation.ballots).toBe(5);
      const dues = await org.putToVote(
        { proposalId: p.dues },
        [...yes(d.slice(0, 14)), ...no(d.slice(14))],
        async () => {
          // The convention cannot leave VOTING while a vote is open.
          const early = await app.expectNothingAppended(() => org.advance('RATIFICATION'));
          expect(early.errors![0].extensions).toMatchObject({
            code: 'CONFLICT',
            reason: 'PHASE_CONDITIONS_NOT_MET',
            blockers: [{ code: 'CONVENTION_VOTES_OPEN' }],
          });
        },
      );
      expect(dues.outcome).toBe('rejected');
      expect(dues.tally).toMatchObject({ method: 'yes-no', yesNo: { outcome: 'rejected' } });
    }, 60_000);

    it('settles competing proposals in one ranked vote', async () => {
      const ranked = await org.putToVote(
        { competingProposalIds: [p.stv, p.approval], subject: 'Elections' },
        d.map((delegate, index): [Member, Record<string, unknown>] => [
          delegate,
          { ranking: index < 15 ? [p.stv, p.approval] : [p.approval, p.stv] },
        ]),
      );
      expect(ranked).toMatchObject({ outcome: 'decided', winner: p.stv });
    }, 60_000);

    it('shows the charter with every rule and how it was adopted', async () => {
      const charter = ok(
        await app.gql(
          `query ($wait: String) {
            charter(waitForPosition: $wait) {
              rules { totalCount nodes { title status versions { version clauses enactment { proposalId voteId amendmentIds } } } }
              bodies { nodes { title composition { role seats } } }
              commitments { nodes { title } } campaigns { nodes { title } } resolutions { totalCount nodes { title } }
            }
          }`,
          { wait: (await app.store.headPosition()).toString() },
        ),
      ).charter;
      const rule = (title: string) => charter.rules.nodes.find((entry: { title: string }) => entry.title === title);
      expect(charter.rules.totalCount).toBe(4);
      expect(charter.rules.nodes.map((entry: { title: string }) => entry.title).sort()).toEqual(
        ['Chapters', 'Delegates', 'Elections by STV', 'Membership'].sort(),
      );
      expect(rule('Membership').versions[0].clauses).toEqual([
        'Anyone who accepts the commitments may join.',
        'Members pay what they can afford.',
        'Members may resign at any time.',
      ]);
      expect(rule('Chapters').versions[0].clauses).toContain('A chapter has at least five members.');
      expect(rule('Chapters').versions[0].enactment.amendmentIds).toEqual(expect.arrayContaining([a.primary]));
      expect(rule('Delegates').versions[0].clauses).toEqual([
        'Delegates represent their chapter.',
        'Each chapter elects delegates.',
        'Delegates serve for one year.',
      ]);
      expect(charter.bodies.nodes).toHaveLength(1);
      expect(charter.bodies.nodes[0]).toMatchObject({
        title: 'National Council',
        composition: [{ role: 'Chapter delegate', seats: 2 }],
      });
      expect(charter.commitments.nodes).toEqual([{ title: 'Open books' }]);
      expect(charter.campaigns.nodes).toEqual([{ title: 'Housing for all' }]);
      expect(charter.resolutions).toEqual({ totalCount: 0, nodes: [] });
    });

    it("pages the charter's rules, a vote's roll call and the interim chapters two at a time", async () => {
      const wait = (await app.store.headPosition()).toString();
      const lists: Array<{ query: string; variables: Record<string, unknown>; pick: (data: any) => Connection }> = [
        {
          query: `query ($wait: String, $first: Int, $after: String) { charter(waitForPosition: $wait) {
            rules(first: $first, after: $after) { ${PAGE} nodes { id title } } } }`,
          variables: { wait },
          pick: (data) => data.charter.rules,
        },
        {
          query: `query ($wait: String, $first: Int, $after: String) { organizationStructure(waitForPosition: $wait) {
            interim { chapters(first: $first, after: $after) { ${PAGE} nodes { id name } } } } }`,
          variables: { wait },
          pick: (data) => data.organizationStructure.interim.chapters,
        },
      ];
      const votes = ok(
        await app.gql(
          `query ($wait: String) { conventionVotes(waitForPosition: $wait, first: 200) { nodes { id participation { ballots } } } }`,
          { wait },
        ),
      ).conventionVotes.nodes as Array<{ id: string; participation: { ballots: number } }>;
      const fullest = votes.reduce((most, vote) =>
        vote.participation.ballots > most.participation.ballots ? vote : most,
      );
      expect(fullest.participation.ballots).toBeGreaterThan(4);
      lists.push({
        query: `query ($id: ID!, $first: Int, $after: String) { conventionVote(id: $id) {
          rollCall(first: $first, after: $after) { ${PAGE} nodes { seatId voter { memberId } choice } } } }`,
        variables: { id: fullest.id },
        pick: (data) => data.conventionVote.rollCall,
      });

      // Keys of other lists: the chapters' bare id, the charter's position and id; a seat id is one line.
      for (const [index, { query, variables, pick }] of lists.entries()) {
        const foreign = [fullest.id, `12:${fullest.id}`, '\n'][index];
        const whole = pick(ok(await app.gql(query, { ...variables, first: 200 })));
        expect(whole.pageInfo.hasNextPage).toBe(false);
        expect(whole.nodes).toHaveLength(whole.totalCount);
        const paged: unknown[] = [];
        let after: string | null = null;
        for (;;) {
          const page = pick(ok(await app.gql(query, { ...variables, first: 2, after })));
          expect(page.totalCount).toBe(whole.totalCount);
          expect(page.nodes.length).toBeLessThanOrEqual(2);
          paged.push(...page.nodes);
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(paged).toEqual(whole.nodes);
        expect(paged.length).toBeGreaterThan(2);

        const refused = await app.gql(query, {
          ...variables,
          first: 2,
          after: Buffer.from(foreign).toString('base64url'),
        });
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
      }
    }, 60_000);
  });

  describe('ratification by the members', () => {
    let referendumId: string;
    let beforeClose: string;
    const STRUCTURE = `query ($wait: String, $asOf: String) {
      organizationStructure(waitForPosition: $wait, asOf: $asOf) {
        phase
        interim { committee { memberId } chapters(first: 200) { totalCount nodes { id } } }
        final { bodies { nodes { name } } rules { totalCount nodes { title } } commitments { title } }
      }
    }`;

    it('opens the referendum on the adopted charter once the convention reaches RATIFICATION', async () => {
      ok(await org.advance('RATIFICATION'));
      const opened = ok(
        await app.gql(
          `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
          { input: { conventionId: org.conventionId, question: 'Do you ratify the charter?' } },
          { token: org.secretariat.token },
        ),
      );
      referendumId = opened.openReferendum.referendumId;
    });

    it('takes one secret ballot per member in good standing; a resigned member is refused', async () => {
      const everyone = Object.values(org.chapters).flatMap((chapter) => chapter.members);
      const leaver = everyone[everyone.length - 1];
      ok(await app.gql('mutation { resign { memberId } }', {}, { token: leaver.token }));
      const refused = await app.expectNothingAppended(() =>
        app.gql(
          `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker } }`,
          { input: { referendumId, choice: 'YES' } },
          { token: leaver.token },
        ),
      );
      expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'VOTER_NOT_IN_GOOD_STANDING' });

      const voters = [...org.committee, ...everyone.slice(0, -1)];
      const trackers = new Set<string>();
      for (const [index, voter] of voters.entries()) {
        const choice = index % 10 === 0 ? 'NO' : index % 25 === 1 ? 'ABSTAIN' : 'YES';
        const cast = ok(
          await app.gql(
            `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker } }`,
            { input: { referendumId, choice } },
            { token: voter.token },
          ),
        );
        trackers.add(cast.castReferendumBallot.tracker);
      }
      expect(trackers.size).toBe(voters.length);
      beforeClose = (await app.store.headPosition()).toString();
    }, 120_000);

    it('closes, publishes the count by tracker, and the organization is FINAL with its final structure', async () => {
      const closed = ok(
        await app.gql(
          `mutation ($input: CloseReferendumInput!) {
            closeReferendum(input: $input) { outcome ratified receipt { position } }
          }`,
          { input: { referendumId } },
          { token: org.secretariat.token },
        ),
      );
      expect(closed.closeReferendum.ratified).toBe(true);
      const wait = closed.closeReferendum.receipt.position;
      const count = ok(
        await app.gql(
          `query ($id: ID!, $wait: String) { referendumCount(referendumId: $id, first: 500, waitForPosition: $wait) { tracker choice } }`,
          { id: referendumId, wait },
        ),
      );
      expect(count.referendumCount).toHaveLength(299);

      const after = ok(await app.gql(STRUCTURE, { wait })).organizationStructure;
      expect(after.phase).toBe('FINAL');
      expect(after.interim).toBeNull();
      expect(after.final.rules.totalCount).toBe(4);
      expect(after.final.rules.nodes.map((rule: { title: string }) => rule.title).sort()).toEqual(
        ['Chapters', 'Delegates', 'Elections by STV', 'Membership'].sort(),
      );
      expect(after.final.bodies.nodes).toEqual([{ name: 'National Council' }]);
      expect(after.final.commitments.map((entry: { title: string }) => entry.title)).toContain('Open books');

      const before = ok(await app.gql(STRUCTURE, { asOf: beforeClose })).organizationStructure;
      expect(before.phase).toBe('INTERIM');
      expect(before.interim.chapters.nodes).toHaveLength(12);
      expect(before.interim.chapters.totalCount).toBe(12);
      expect(before.interim.committee).toHaveLength(3);

      ok(await org.advance('CLOSED'));
    }, 120_000);
  });

  it('rebuilds every read model from position 0 into tables equal to the live ones', async () => {
    // The whole founding convention's log, replayed by a fresh runner: the read models a second
    // replica would build, or an operator's rebuild, are the ones the live API answered from.
    const head = await app.store.headPosition();
    const live = app.app.get(ReadModels);
    await live.waitFor(head.toString());
    const rebuilt = openReadModelDatabase(join(app.config.dataDir, 'rebuilt-read-models.sqlite'));
    try {
      await new ProjectionRunner(app.store, rebuilt, allProjections, { batchSize: 97 }).catchUp();
      const tables = allProjections.flatMap((projection) => projection.tables);
      expect(tables.length).toBeGreaterThan(20);
      const rebuiltDump = dumpTables(rebuilt, tables);
      expect(rebuiltDump.length).toBeGreaterThan(10_000);
      expect(rebuiltDump).toEqual(dumpTables(live.db, tables));
    } finally {
      rebuilt.close();
    }
  }, 120_000);
});
