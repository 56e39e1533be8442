import { ProjectionRunner } from '../../libs/projections/src';
import { PhaseConditions } from '../../apps/api/src/convention/phase-conditions';
import {
  FloorConventionFixture,
  FloorMember,
  callConvention,
  conventionWithDelegates,
} from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

/*
 * The floor's multi-stream workflows over HTTP: every receipt covers every effect of its command
 * (asOf and waitForPosition at the receipt show them all), racing commands leave no half-done
 * state, and leaving VOTING decides from the log.
 */

const RECEIPT = 'receipt { commandId position revision replayed }';
const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
const AMEND = `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const REBASE = `mutation ($input: RebaseAmendmentInput!) { rebaseAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const WITHDRAW_AMENDMENT = `mutation ($input: AmendmentInput!) { withdrawAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const ACCEPT_FRIENDLY = `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId ${RECEIPT} } }`;
const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CLOSE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const ADVANCE = `mutation ($input: AdvanceConventionPhaseInput!) { advanceConventionPhase(input: $input) { receipt { position } } }`;
const PROPOSALS = `query ($conventionId: ID, $wait: String, $asOf: String) {
  proposals(conventionId: $conventionId, waitForPosition: $wait, asOf: $asOf) {
    nodes { id status currentVersion clauses ruleId versions { version madeBy amendmentId } }
  }
}`;
const AMENDMENTS = `query ($proposalId: ID!, $wait: String) {
  amendments(proposalId: $proposalId, waitForPosition: $wait) { nodes { id status inConflictWith voteId } }
}`;
const VOTES = `query ($conventionId: ID, $wait: String) {
  conventionVotes(conventionId: $conventionId, waitForPosition: $wait) { nodes { id status } }
}`;
const CHARTER = `query ($wait: String, $asOf: String) {
  charter(waitForPosition: $wait, asOf: $asOf) {
    rules { nodes { id status versions { version clauses enactment { proposalId voteId } } } }
  }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('floor workflows over GraphQL (e2e)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  let d: FloorMember[];
  let clerk: FloorMember;
  let conventionId: string;
  const ids: Record<string, string> = {};

  const submit = async (sponsor: FloorMember, input: Record<string, unknown>, seconder = d[4]) => {
    const proposalId = expectOk(await app.gql(SUBMIT, { input: { conventionId, ...input } }, { token: sponsor.token }))
      .submitProposal.proposalId as string;
    expectOk(await app.gql(SECOND, { input: { proposalId } }, { token: seconder.token }));
    return proposalId;
  };
  const amend = async (author: FloorMember, proposalId: string, text: string) =>
    expectOk(
      await app.gql(
        AMEND,
        { input: { proposalId, operations: [{ op: 'REPLACE', clause: 1, text }] } },
        { token: author.token },
      ),
    ).proposeAmendment.amendmentId as string;
  const open = (input: Record<string, unknown>) =>
    app.gql(OPEN, { input: { conventionId, ...input } }, { token: clerk.token });
  const castAll = async (voteId: string, choice: 'YES' | 'NO') => {
    for (const delegate of d) expectOk(await app.gql(CAST, { input: { voteId, choice } }, { token: delegate.token }));
  };
  const close = async (voteId: string) =>
    expectOk(await app.gql(CLOSE, { input: { voteId } }, { token: clerk.token })).closeConventionVote;
  const proposal = async (id: string, query: { wait?: string; asOf?: string }) =>
    (expectOk(await app.gql(PROPOSALS, { conventionId, ...query })).proposals.nodes as any[]).find((p) => p.id === id);
  const amendment = async (proposalId: string, id: string) =>
    (
      expectOk(await app.gql(AMENDMENTS, { proposalId, wait: (await app.store.headPosition()).toString() })).amendments
        .nodes as any[]
    ).find((a) => a.id === id);
  const voteStatus = async (voteId: string) =>
    (
      expectOk(await app.gql(VOTES, { conventionId, wait: (await app.store.headPosition()).toString() }))
        .conventionVotes.nodes as any[]
    ).find((v) => v.id === voteId)?.status;

  beforeAll(async () => {
    app = await TestApp.start({
      PLENARY_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // A read that waited for lagging read models would fail fast instead of deciding.
      PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '500',
    });
    floor = await conventionWithDelegates(app);
    ({ conventionId, clerk, delegates: d } = floor);
    ids.P1 = await submit(d[0], { kind: 'RESOLUTION', title: 'Open meetings', clauses: ['Meetings are open.'] });
    ids.P2 = await submit(d[1], { kind: 'ADOPT_RULE', title: 'Dues', clauses: ['Dues are voluntary.'] });
    ids.P3 = await submit(d[2], { kind: 'RESOLUTION', title: 'Thanks', clauses: ['We thank the hosts.'] });
    ids.P4 = await submit(d[3], { kind: 'RESOLUTION', title: 'Minutes', clauses: ['Minutes are published.'] });
    ids.P5 = await submit(d[0], { kind: 'RESOLUTION', title: 'Venue', clauses: ['We meet in Lyon.'] });
    await floor.advance('AMENDMENT');
    ids.A1 = await amend(d[1], ids.P1, 'Meetings are open to members.');
    ids.A2 = await amend(d[2], ids.P1, 'Meetings are open to all.');
    ids.S1 = expectOk(
      await app.gql(
        AMEND,
        {
          input: {
            proposalId: ids.P1,
            parentAmendmentId: ids.A1,
            operations: [{ op: 'INSERT_AFTER', clause: 1, text: 'Minutes are kept.' }],
          },
        },
        { token: d[3].token },
      ),
    ).proposeAmendment.amendmentId;
    ids.F1 = await amend(d[3], ids.P3, 'We thank the hosts warmly.');
    ids.F2 = await amend(d[3], ids.P3, 'We thank the hosts and volunteers.');
  }, 90_000);

  afterAll(async () => {
    await app.stop();
  });

  describe('in the amendment phase', () => {
    it('accepting a friendly amendment its author withdraws at the same moment leaves one of the two, never both', async () => {
      const [accepted, withdrawn] = await Promise.all([
        app.gql(ACCEPT_FRIENDLY, { input: { amendmentId: ids.F1 } }, { token: d[2].token }),
        app.gql(WITHDRAW_AMENDMENT, { input: { amendmentId: ids.F1 } }, { token: d[3].token }),
      ]);
      const winners = [accepted, withdrawn].filter((result) => result.errors === undefined);
      expect(winners).toHaveLength(1);
      const loser = [accepted, withdrawn].find((result) => result.errors !== undefined)!;
      expect(loser.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'AMENDMENT_NOT_PENDING' });
      const state = await amendment(ids.P3, ids.F1);
      const thanks = await proposal(ids.P3, { wait: (await app.store.headPosition()).toString() });
      const takenIn = thanks.versions.some((version: any) => version.amendmentId === ids.F1);
      if (accepted.errors === undefined) {
        expect(state.status).toBe('ACCEPTED_AS_FRIENDLY');
        expect(takenIn).toBe(true);
      } else {
        expect(state.status).toBe('WITHDRAWN');
        expect(takenIn).toBe(false);
      }
    });

    it("a friendly acceptance's receipt covers the new version and the amendments it puts in conflict", async () => {
      const before = await app.store.headPosition();
      const { receipt } = expectOk(
        await app.gql(ACCEPT_FRIENDLY, { input: { amendmentId: ids.A2 } }, { token: d[0].token }),
      ).acceptFriendlyAmendment;
      expect(BigInt(receipt.position)).toBe(await app.store.headPosition());
      expect(BigInt(receipt.position)).toBeGreaterThan(before + 1n);
      const asOf = await proposal(ids.P1, { asOf: receipt.position });
      expect(asOf).toMatchObject({ currentVersion: 2, clauses: ['Meetings are open to all.'] });
      const conflicted = (
        expectOk(await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: receipt.position })).amendments.nodes as any[]
      ).find((a) => a.id === ids.A1);
      expect(conflicted.inConflictWith).toBe(2);
    });
  });

  it("a rebase's receipt covers the secondary amendments it puts in conflict", async () => {
    const { receipt } = expectOk(
      await app.gql(
        REBASE,
        { input: { amendmentId: ids.A1, operations: [{ op: 'REPLACE', clause: 1, text: 'Meetings are open.' }] } },
        { token: d[1].token },
      ),
    ).rebaseAmendment;
    const marked = (await app.store.readStream(`Amendment-${ids.S1}`)).find(
      (event) => event.type === 'AmendmentFellIntoConflict',
    )!;
    expect(BigInt(receipt.position)).toBeGreaterThanOrEqual(marked.position);
    const secondary = (
      expectOk(await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: receipt.position })).amendments.nodes as any[]
    ).find((a) => a.id === ids.S1);
    expect(secondary.inConflictWith).toBe(2);
    ids.S2 = expectOk(
      await app.gql(
        AMEND,
        {
          input: {
            proposalId: ids.P1,
            parentAmendmentId: ids.A1,
            operations: [{ op: 'INSERT_AFTER', clause: 1, text: 'Agendas are published.' }],
          },
        },
        { token: d[4].token },
      ),
    ).proposeAmendment.amendmentId;
  });

  describe('in the voting phase', () => {
    beforeAll(async () => {
      ids.A3 = await amend(d[1], ids.P3, 'We thank everyone.');
      ids.A4 = await amend(d[2], ids.P3, 'We thank the city.');
      await floor.advance('DELIBERATION');
      await floor.advance('VOTING');
    });

    it('two concurrent openings on one amendment leave one open vote holding it, and no vote without its subject', async () => {
      const commandIds = ['7a0c3c1e-4b6a-4d7e-9f00-000000000001', '7a0c3c1e-4b6a-4d7e-9f00-000000000002'];
      const results = await Promise.all(commandIds.map((commandId) => open({ commandId, amendmentId: ids.A3 })));
      const opened = results.filter((result) => result.errors === undefined);
      expect(opened).toHaveLength(1);
      const refused = results.find((result) => result.errors !== undefined)!;
      expect(refused.errors![0].extensions?.code).toBe('CONFLICT');
      // Retrying the refused opening (same command id) is refused again, whether or not it was cancelled.
      const retried = await open({ commandId: commandIds[results.indexOf(refused)], amendmentId: ids.A3 });
      expect(retried.errors?.[0].extensions?.code).toBe('CONFLICT');
      const voteId = opened[0].data!.openConventionVote.voteId as string;
      ids.V_A3 = voteId;
      expect((await amendment(ids.P3, ids.A3)).voteId).toBe(voteId);
      const votes = expectOk(await app.gql(VOTES, { conventionId, wait: (await app.store.headPosition()).toString() }))
        .conventionVotes.nodes as any[];
      // The losing opening either appended nothing or was cancelled: no other vote is open.
      expect(votes.filter((vote) => vote.status === 'OPEN').map((vote) => vote.id)).toEqual([voteId]);
    });

    it('holds the text while an amendment to it is voted on: a friendly acceptance is refused and appends nothing', async () => {
      const before = await app.store.headPosition();
      const result = await app.gql(ACCEPT_FRIENDLY, { input: { amendmentId: ids.A4 } }, { token: d[2].token });
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PROPOSAL_HELD_BY_AMENDMENT_VOTE',
      });
      expect(await app.store.headPosition()).toBe(before);
    });

    it("holds the parent while a secondary is voted on: the parent's rebase is refused and appends nothing", async () => {
      const { voteId } = expectOk(await open({ amendmentId: ids.S2 })).openConventionVote;
      const before = await app.store.headPosition();
      const rebased = await app.gql(
        REBASE,
        { input: { amendmentId: ids.A1, operations: [{ op: 'REPLACE', clause: 1, text: 'Meetings are public.' }] } },
        { token: d[1].token },
      );
      expect(rebased.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'AMENDMENT_HELD_BY_SECONDARY_VOTE',
      });
      expect(await app.store.headPosition()).toBe(before);
      await castAll(voteId, 'YES');
      const closed = await close(voteId);
      // Carried out, the secondary is in the parent's text and the hold is gone.
      const parent = (await app.store.readStream(`Amendment-${ids.A1}`)).map((event) => event.type);
      expect(parent.slice(-2)).toEqual(['AmendmentHeldForSecondaryVote', 'AmendmentRevisedBySecondary']);
      expect(BigInt(closed.receipt.position)).toBe(await app.store.headPosition());
    });

    it("a close's receipt covers the decision and the amended text; asOf and waitForPosition at it show both", async () => {
      await castAll(ids.V_A3, 'YES');
      const closed = await close(ids.V_A3);
      expect(BigInt(closed.receipt.position)).toBe(await app.store.headPosition());
      const asOf = await proposal(ids.P3, { asOf: closed.receipt.position });
      expect(asOf.clauses).toEqual(['We thank everyone.']);
      const waited = await proposal(ids.P3, { wait: closed.receipt.position });
      expect(waited.clauses).toEqual(['We thank everyone.']);
      const adopted = (
        expectOk(await app.gql(AMENDMENTS, { proposalId: ids.P3, wait: closed.receipt.position })).amendments
          .nodes as any[]
      ).find((a) => a.id === ids.A3);
      expect(adopted.status).toBe('ADOPTED');
    });

    it("an opening's receipt covers the subjects it reserves; a close's covers the charter entry", async () => {
      const { receipt, voteId } = expectOk(await open({ proposalId: ids.P2 })).openConventionVote;
      expect((await proposal(ids.P2, { asOf: receipt.position })).status).toBe('UNDER_VOTE');
      await castAll(voteId, 'YES');
      const closed = await close(voteId);
      const asOf = expectOk(await app.gql(CHARTER, { asOf: closed.receipt.position })).charter;
      expect(asOf.rules.nodes.map((rule: any) => rule.versions[0].enactment.proposalId)).toEqual([ids.P2]);
      const waited = expectOk(await app.gql(CHARTER, { wait: closed.receipt.position })).charter;
      expect(waited.rules).toEqual(asOf.rules);
      ids.R1 = (await proposal(ids.P2, { wait: closed.receipt.position })).ruleId;
    });

    it('leaving VOTING decides from the log: an open vote blocks it even while the read models lag', async () => {
      const { voteId } = expectOk(await open({ proposalId: ids.P4 })).openConventionVote;
      const projections = app.app.get(ProjectionRunner);
      await projections.stop();
      try {
        // Something lands on the log that the stopped read models do not have.
        await app.enroll('Late Comer');
        const before = await app.store.headPosition();
        const result = await app.gql(ADVANCE, { input: { conventionId, to: 'RATIFICATION' } }, { token: clerk.token });
        expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PHASE_CONDITIONS_NOT_MET' });
        expect(JSON.stringify(result.errors?.[0].extensions)).toContain(voteId);
        expect(await app.store.headPosition()).toBe(before);
      } finally {
        projections.start();
      }
      await castAll(voteId, 'NO');
      await close(voteId);
      ids.A5 = voteId;
    });

    it('a vote opened while the phase change is being decided is cancelled, and its subject given back', async () => {
      const late: { voteId?: string } = {};
      // Registered after the floor's condition: opens a vote between its read and the phase change.
      app.app.get(PhaseConditions).register({
        blockers: async (_conventionId, from) => {
          if (from === 'VOTING' && late.voteId === undefined) {
            late.voteId = expectOk(await open({ proposalId: ids.P5 })).openConventionVote.voteId;
          }
          return [];
        },
      });
      expectOk(await app.gql(ADVANCE, { input: { conventionId, to: 'RATIFICATION' } }, { token: clerk.token }));
      expect(late.voteId).toBeDefined();
      for (let tries = 0; tries < 500 && (await voteStatus(late.voteId!)) !== 'CANCELLED'; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await voteStatus(late.voteId!)).toBe('CANCELLED');
      const cancelled = (await app.store.readStream(`ConventionVote-${late.voteId}`)).pop()!;
      expect(cancelled).toMatchObject({ type: 'ConventionVoteCancelled', data: { reason: 'VOTING_ENDED' } });
      const venue = await proposal(ids.P5, { wait: (await app.store.headPosition()).toString() });
      expect(venue.status).toBe('OPEN');
    });
  });

  describe('two adopted proposals amending one rule', () => {
    let second: FloorConventionFixture;

    beforeAll(async () => {
      await floor.advance('CLOSED');
      second = await callConvention(app, {
        chair: floor.chair,
        clerk,
        chapterId: floor.chapterId,
        delegates: d,
        alternate: floor.alternate,
      });
      conventionId = second.conventionId;
    }, 60_000);

    it('are both enacted, the later against the text in force; a repeal of a repealed rule is recorded as not carried out', async () => {
      const onRule = (sponsor: FloorMember, kind: string, text: string) =>
        submit(sponsor, { kind, title: 'Dues', ruleId: ids.R1, ruleVersion: 1, clauses: [text] });
      const first = await onRule(d[0], 'AMEND_RULE', 'Dues are one euro.');
      const later = await onRule(d[1], 'AMEND_RULE', 'Dues are two euros.');
      const repeal = await onRule(d[2], 'REPEAL_RULE', 'The dues rule is repealed.');
      const repealAgain = await onRule(d[3], 'REPEAL_RULE', 'No rule on dues.');
      for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) await second.advance(phase);
      // All four are put to votes while the rule is still at version 1, then closed in turn.
      const votes: string[] = [];
      for (const proposalId of [first, later, repeal, repealAgain]) {
        votes.push(expectOk(await open({ proposalId })).openConventionVote.voteId);
      }
      for (const voteId of votes) await castAll(voteId, 'YES');
      await close(votes[0]);
      const closed = await close(votes[1]);
      const [rule] = expectOk(await app.gql(CHARTER, { asOf: closed.receipt.position })).charter.rules.nodes;
      expect(
        rule.versions.map((version: any) => [version.version, version.clauses, version.enactment.proposalId]),
      ).toEqual([
        [1, ['Dues are voluntary.'], ids.P2],
        [2, ['Dues are one euro.'], first],
        [3, ['Dues are two euros.'], later],
      ]);
      await close(votes[2]);
      const last = await close(votes[3]);
      const repealed = expectOk(await app.gql(CHARTER, { asOf: last.receipt.position })).charter.rules.nodes[0];
      expect(repealed.status).toBe('repealed');
      const [notCarriedOut] = (await app.store.readStream(`Proposal-${repealAgain}`)).filter(
        (event) => event.type === 'ProposalDecisionNotCarriedOut',
      );
      expect(notCarriedOut.data).toMatchObject({ proposalId: repealAgain, voteId: votes[3], reason: 'RULE_REPEALED' });
      expect(BigInt(last.receipt.position)).toBe(notCarriedOut.position);
    });
  });
});
