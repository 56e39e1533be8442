import { CommandRunner } from '../../libs/event-store/src';
import { entityIdFor } from '../../libs/core/src';
import { conventionVoteDecider, conventionVoteStream } from '../../libs/proposals/src';
import {
  FloorConventionFixture,
  FloorMember,
  callConvention,
  conventionWithDelegates,
} from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const RECEIPT = 'receipt { commandId position revision replayed }';
const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
const WITHDRAW = `mutation ($input: ProposalInput!) { withdrawProposal(input: $input) { proposalId ${RECEIPT} } }`;
const AMEND = `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const REBASE = `mutation ($input: RebaseAmendmentInput!) { rebaseAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const WITHDRAW_AMENDMENT = `mutation ($input: AmendmentInput!) { withdrawAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const ACCEPT_FRIENDLY = `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId ${RECEIPT} } }`;
const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId seatId ${RECEIPT} } }`;
const CLOSE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;

const PROPOSAL_FIELDS = `id conventionId kind title subject status secondersRequired currentVersion clauses
  sponsor { memberId pseudonym } seconders { memberId pseudonym }
  versions { version clauses madeBy amendmentId voteId }
  ruleId bodyId bodyName composition { role seats } entryId voteId decisionTally { method yesNo { outcome } ranked { outcome } }`;
const PROPOSALS = `query ($conventionId: ID, $wait: String, $asOf: String) {
  proposals(conventionId: $conventionId, waitForPosition: $wait, asOf: $asOf) { nodes { ${PROPOSAL_FIELDS} } }
}`;
const PROPOSAL = `query ($id: ID!, $wait: String) { proposal(id: $id, waitForPosition: $wait) { ${PROPOSAL_FIELDS} } }`;
const AMENDMENTS = `query ($proposalId: ID!, $wait: String) {
  amendments(proposalId: $proposalId, waitForPosition: $wait) {
    nodes {
      id proposalId parentAmendmentId depth author { memberId pseudonym } revision baseVersion
      operations { op clause text } proposedClauses status inConflict inConflictWith voteId decisionTally { method yesNo { outcome } }
    }
  }
}`;
const AGENDA = `query ($conventionId: ID!, $wait: String) {
  agenda(conventionId: $conventionId, waitForPosition: $wait) { order kind proposalId amendmentId depth mayOpen blockedBy }
}`;
const VOTE = `query ($id: ID!, $wait: String) {
  conventionVote(id: $id, waitForPosition: $wait) {
    id subjectKind amendmentId proposalIds subject method electorateSeats status openedBy closedAt
    participation { ballots yes no abstain ranked }
    rollCall { totalCount nodes { seatId voter { memberId pseudonym } choice ranking weight } }
    outcome winner tally { method yesNo { outcome voters { yes no abstain } } ranked { outcome winner candidates pairwise { candidate over voters } } }
  }
}`;
const VOTES = `query ($conventionId: ID, $wait: String) {
  conventionVotes(conventionId: $conventionId, waitForPosition: $wait) { nodes { id status outcome participation { ballots } } }
}`;
const CHARTER = `query ($wait: String, $asOf: String) {
  charter(waitForPosition: $wait, asOf: $asOf) {
    rules { totalCount nodes { id title status versions { version clauses consolidatedText enactedAt
      enactment { proposalId proposalVersion voteId amendmentIds tally { method yesNo { outcome } ranked { outcome winner } } } } repealedBy { proposalId } } }
    bodies { totalCount nodes { id title clauses composition { role seats } enactment { proposalId proposalVersion voteId amendmentIds tally { method yesNo { outcome } ranked { outcome winner } } } } }
    commitments { nodes { id title } } campaigns { nodes { id title } } resolutions { nodes { id title } }
  }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

function expectError(result: GraphQLResult, code: string, reason: string) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code, reason });
}

describe('the convention floor over GraphQL (e2e)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  let d: FloorMember[];
  let clerk: FloorMember;
  let outsider: FloorMember;
  let conventionId: string;
  const ids: Record<string, string> = {};
  let beforeCouncilEnacted: string;

  beforeAll(async () => {
    app = await TestApp.start();
    floor = await conventionWithDelegates(app);
    ({ conventionId, clerk, delegates: d } = floor);
    outsider = await app.enroll('Out Sider');
  }, 60_000);

  afterAll(async () => {
    await app.stop();
  });

  const submit = (token: string, input: Record<string, unknown>) =>
    app.gql(SUBMIT, { input: { conventionId, ...input } }, { token });
  const amend = (token: string, input: Record<string, unknown>) => app.gql(AMEND, { input }, { token });
  const refused = async (action: () => Promise<GraphQLResult>, code: string, reason: string) =>
    expectError(await app.expectNothingAppended(action), code, reason);

  describe('1. submission', () => {
    it('refuses a proposal from a member who is not a credentialed delegate, or from the alternate', async () => {
      const input = { kind: 'RESOLUTION', title: 'Anything', clauses: ['Anything.'] };
      await refused(() => submit(outsider.token, input), 'FORBIDDEN', 'NOT_A_CREDENTIALED_DELEGATE');
      await refused(() => submit(floor.alternate.token, input), 'FORBIDDEN', 'NOT_A_CREDENTIALED_DELEGATE');
      await refused(() => app.gql(SUBMIT, { input: { conventionId, ...input } }), 'UNAUTHENTICATED', 'UNAUTHENTICATED');
    });

    it('a delegate submits; a retry with the same command id returns the same receipt', async () => {
      const input = {
        commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000001',
        kind: 'CREATE_BODY',
        title: 'National council',
        clauses: ['A national council is created.', 'It meets yearly.'],
        composition: [{ role: 'Branch delegate', seats: 2 }],
      };
      const first = expectOk(await submit(d[0].token, input)).submitProposal;
      const again = expectOk(await submit(d[0].token, input)).submitProposal;
      expect(again).toEqual({ ...first, receipt: { ...first.receipt, replayed: true } });
      ids.P1 = first.proposalId;
      ids.P2 = expectOk(
        await submit(d[1].token, {
          kind: 'ADOPT_RULE',
          title: 'Voluntary dues',
          subject: 'Dues',
          clauses: ['Dues are voluntary.'],
        }),
      ).submitProposal.proposalId;
      ids.P3 = expectOk(
        await submit(d[2].token, {
          kind: 'ADOPT_RULE',
          title: 'Fixed dues',
          subject: 'Dues',
          clauses: ['Dues are one euro a month.'],
        }),
      ).submitProposal.proposalId;
      ids.P4 = expectOk(
        await submit(d[3].token, { kind: 'RESOLUTION', title: 'Thanks', clauses: ['We thank the hosts.'] }),
      ).submitProposal.proposalId;
      const last = expectOk(
        await submit(d[4].token, { kind: 'ADOPT_COMMITMENT', title: 'Openness', clauses: ['We meet in public.'] }),
      ).submitProposal;
      ids.P5 = last.proposalId;

      const [council] = expectOk(await app.gql(PROPOSALS, { conventionId, wait: last.receipt.position })).proposals
        .nodes;
      expect(council).toMatchObject({
        id: ids.P1,
        kind: 'CREATE_BODY',
        status: 'OPEN',
        sponsor: { memberId: d[0].memberId, pseudonym: 'Delegate 1' },
        seconders: [],
        secondersRequired: 1,
        currentVersion: 1,
        clauses: ['A national council is created.', 'It meets yearly.'],
        bodyName: 'National council',
        composition: [{ role: 'Branch delegate', seats: 2 }],
        versions: [{ version: 1, madeBy: 'submission', amendmentId: null, voteId: null }],
      });
    });

    it('refuses bad input, naming the fields', async () => {
      const bad = await app.expectNothingAppended(() =>
        submit(d[0].token, { kind: 'CREATE_BODY', title: ' ', clauses: [], composition: [] }),
      );
      expectError(bad, 'BAD_USER_INPUT', 'INVALID_INPUT');
      await refused(
        () => submit(d[0].token, { kind: 'AMEND_RULE', title: 'Change', clauses: ['x'] }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
      // The title's limit is the domain's (200 characters): 201 letters, or 201 characters that
      // take two UTF-16 units each, reach the rule itself and get its message, not the input's.
      const long = await app.expectNothingAppended(() =>
        submit(d[0].token, { kind: 'RESOLUTION', title: 'a'.repeat(201), clauses: ['x'] }),
      );
      expectError(long, 'BAD_USER_INPUT', 'INVALID_INPUT');
      expect(long.errors![0].message).toContain('at most 200 characters');
      const wide = await app.expectNothingAppended(() =>
        submit(d[0].token, { kind: 'RESOLUTION', title: '\u{1F5F3}'.repeat(201), clauses: ['x'] }),
      );
      expect(wide.errors![0].message).toContain('at most 200 characters');
    });

    it('seconds by other delegates; never by the sponsor or a non-delegate', async () => {
      let position = '0';
      for (const id of [ids.P1, ids.P2, ids.P3, ids.P5]) {
        const seconder = id === ids.P5 ? d[0] : d[4];
        position = expectOk(await app.gql(SECOND, { input: { proposalId: id } }, { token: seconder.token }))
          .secondProposal.receipt.position;
      }
      await refused(
        () => app.gql(SECOND, { input: { proposalId: ids.P1 } }, { token: d[0].token }),
        'FORBIDDEN',
        'SPONSOR_CANNOT_SECOND',
      );
      await refused(
        () => app.gql(SECOND, { input: { proposalId: ids.P1 } }, { token: outsider.token }),
        'FORBIDDEN',
        'NOT_A_CREDENTIALED_DELEGATE',
      );
      const council = expectOk(await app.gql(PROPOSAL, { id: ids.P1, wait: position })).proposal;
      expect(council.seconders).toEqual([{ memberId: d[4].memberId, pseudonym: 'Delegate 5' }]);
    });

    it('only the sponsor withdraws', async () => {
      await refused(
        () => app.gql(WITHDRAW, { input: { proposalId: ids.P4 } }, { token: d[0].token }),
        'FORBIDDEN',
        'NOT_THE_SPONSOR',
      );
      const withdrawn = expectOk(
        await app.gql(WITHDRAW, { input: { proposalId: ids.P4 } }, { token: d[3].token }),
      ).withdrawProposal;
      const view = expectOk(await app.gql(PROPOSAL, { id: ids.P4, wait: withdrawn.receipt.position })).proposal;
      expect(view.status).toBe('WITHDRAWN');
    });

    it('takes no amendments before the amendment phase', async () => {
      await refused(
        () => amend(d[1].token, { proposalId: ids.P1, operations: [{ op: 'STRIKE', clause: 2 }] }),
        'CONFLICT',
        'AMENDMENT_SUBMISSION_CLOSED',
      );
    });
  });

  describe('2. amendments', () => {
    beforeAll(async () => {
      await floor.advance('AMENDMENT');
    });

    it('takes no proposals after the submission phase', async () => {
      await refused(
        () => submit(d[0].token, { kind: 'RESOLUTION', title: 'Late', clauses: ['Too late.'] }),
        'CONFLICT',
        'PROPOSAL_SUBMISSION_CLOSED',
      );
    });

    it('takes primary and secondary amendments, and none deeper than the rules allow', async () => {
      const input = {
        commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000002',
        proposalId: ids.P1,
        baseVersion: 1,
        operations: [{ op: 'REPLACE', clause: 2, text: 'It meets twice a year.' }],
      };
      const first = expectOk(await amend(d[1].token, input)).proposeAmendment;
      expect(expectOk(await amend(d[1].token, input)).proposeAmendment).toEqual({
        ...first,
        receipt: { ...first.receipt, replayed: true },
      });
      ids.A1 = first.amendmentId;
      ids.S1 = expectOk(
        await amend(d[2].token, {
          proposalId: ids.P1,
          parentAmendmentId: ids.A1,
          operations: [{ op: 'INSERT_AFTER', clause: 2, text: 'Its meetings are public.' }],
        }),
      ).proposeAmendment.amendmentId;
      await refused(
        () =>
          amend(d[3].token, {
            proposalId: ids.P1,
            parentAmendmentId: ids.S1,
            operations: [{ op: 'STRIKE', clause: 3 }],
          }),
        'FORBIDDEN',
        'AMENDMENT_TOO_DEEP',
      );
      ids.A2 = expectOk(
        await amend(d[3].token, {
          proposalId: ids.P1,
          operations: [{ op: 'INSERT_AFTER', clause: 0, text: 'Preamble: the council serves the branches.' }],
        }),
      ).proposeAmendment.amendmentId;
    });

    it('refuses amendments to a withdrawn proposal, to a missing version, and by non-delegates', async () => {
      await refused(
        () => amend(d[0].token, { proposalId: ids.P4, operations: [{ op: 'STRIKE', clause: 1 }] }),
        'CONFLICT',
        'PROPOSAL_NOT_AMENDABLE',
      );
      await refused(
        () => amend(d[0].token, { proposalId: ids.P1, baseVersion: 7, operations: [{ op: 'STRIKE', clause: 1 }] }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
      await refused(
        () => amend(outsider.token, { proposalId: ids.P1, operations: [{ op: 'STRIKE', clause: 1 }] }),
        'FORBIDDEN',
        'NOT_A_CREDENTIALED_DELEGATE',
      );
      await refused(
        () => amend(d[0].token, { proposalId: ids.P1, operations: [{ op: 'STRIKE', clause: 9 }] }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
    });

    it('the sponsor accepts a friendly amendment: a new version, and the others fall into conflict', async () => {
      await refused(
        () => app.gql(ACCEPT_FRIENDLY, { input: { amendmentId: ids.A2 } }, { token: d[1].token }),
        'FORBIDDEN',
        'NOT_THE_SPONSOR',
      );
      const beforeAcceptance = (await app.store.headPosition()).toString();
      const input = { commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000003', amendmentId: ids.A2 };
      const accepted = expectOk(
        await app.gql(ACCEPT_FRIENDLY, { input }, { token: d[0].token }),
      ).acceptFriendlyAmendment;
      const retried = expectOk(
        await app.expectNothingAppended(() => app.gql(ACCEPT_FRIENDLY, { input }, { token: d[0].token })),
      ).acceptFriendlyAmendment;
      expect(retried.receipt).toEqual({ ...accepted.receipt, replayed: true });
      const position = (await app.store.headPosition()).toString();
      const council = expectOk(await app.gql(PROPOSAL, { id: ids.P1, wait: position })).proposal;
      expect(council.currentVersion).toBe(2);
      expect(council.versions[1]).toMatchObject({ version: 2, madeBy: 'friendly-amendment', amendmentId: ids.A2 });
      expect(council.clauses[0]).toBe('Preamble: the council serves the branches.');
      const [earlier] = expectOk(await app.gql(PROPOSALS, { conventionId, asOf: beforeAcceptance })).proposals.nodes;
      expect(earlier).toMatchObject({
        id: ids.P1,
        currentVersion: 1,
        clauses: ['A national council is created.', 'It meets yearly.'],
      });
      const amendments = expectOk(await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: position })).amendments.nodes;
      expect(amendments.map((a: any) => [a.id, a.depth, a.status, a.inConflictWith])).toEqual([
        [ids.A1, 1, 'PENDING', 2],
        [ids.S1, 2, 'PENDING', null],
        [ids.A2, 1, 'ACCEPTED_AS_FRIENDLY', null],
      ]);
      await refused(
        () => amend(d[4].token, { proposalId: ids.P1, baseVersion: 1, operations: [{ op: 'STRIKE', clause: 1 }] }),
        'CONFLICT',
        'AMENDMENT_BASE_OUTDATED',
      );
    });

    it('the author rebases; that puts the secondary in conflict until its author rebases too', async () => {
      await refused(
        () =>
          app.gql(
            REBASE,
            { input: { amendmentId: ids.A1, operations: [{ op: 'STRIKE', clause: 1 }] } },
            { token: d[2].token },
          ),
        'FORBIDDEN',
        'NOT_THE_AUTHOR',
      );
      const rebased = expectOk(
        await app.gql(
          REBASE,
          {
            input: { amendmentId: ids.A1, operations: [{ op: 'REPLACE', clause: 3, text: 'It meets twice a year.' }] },
          },
          { token: d[1].token },
        ),
      ).rebaseAmendment;
      let amendments = expectOk(
        await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: (await app.store.headPosition()).toString() }),
      ).amendments.nodes;
      expect(amendments[0]).toMatchObject({ revision: 2, baseVersion: 2, inConflict: false });
      expect(amendments[1]).toMatchObject({ inConflict: true, inConflictWith: 2 });
      expect(rebased.receipt.replayed).toBe(false);
      expectOk(
        await app.gql(
          REBASE,
          {
            input: {
              amendmentId: ids.S1,
              operations: [{ op: 'INSERT_AFTER', clause: 3, text: 'Its meetings are public.' }],
            },
          },
          { token: d[2].token },
        ),
      );
      amendments = expectOk(
        await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: (await app.store.headPosition()).toString() }),
      ).amendments.nodes;
      expect(amendments[1]).toMatchObject({ revision: 2, baseVersion: 2, inConflict: false });
    });

    it('only the author withdraws an amendment; a withdrawn one cannot be amended', async () => {
      ids.A3 = expectOk(
        await amend(d[4].token, {
          proposalId: ids.P5,
          operations: [{ op: 'REPLACE', clause: 1, text: 'We meet openly.' }],
        }),
      ).proposeAmendment.amendmentId;
      await refused(
        () => app.gql(WITHDRAW_AMENDMENT, { input: { amendmentId: ids.A3 } }, { token: d[0].token }),
        'FORBIDDEN',
        'NOT_THE_AUTHOR',
      );
      expectOk(await app.gql(WITHDRAW_AMENDMENT, { input: { amendmentId: ids.A3 } }, { token: d[4].token }));
      await refused(
        () =>
          amend(d[0].token, {
            proposalId: ids.P5,
            parentAmendmentId: ids.A3,
            operations: [{ op: 'STRIKE', clause: 1 }],
          }),
        'CONFLICT',
        'AMENDMENT_NOT_PENDING',
      );
    });
  });

  describe('3. agenda and votes', () => {
    const vote = async (voteId: string, choices: Array<'YES' | 'NO' | 'ABSTAIN' | null>) => {
      for (const [index, choice] of choices.entries()) {
        if (choice !== null) expectOk(await app.gql(CAST, { input: { voteId, choice } }, { token: d[index].token }));
      }
    };
    const open = async (input: Record<string, unknown>) =>
      expectOk(await app.gql(OPEN, { input: { conventionId, ...input } }, { token: clerk.token })).openConventionVote
        .voteId as string;
    const close = async (voteId: string) =>
      expectOk(await app.gql(CLOSE, { input: { voteId } }, { token: clerk.token })).closeConventionVote;

    beforeAll(async () => {
      await floor.advance('DELIBERATION');
      await floor.advance('VOTING');
    });

    it('orders the agenda: secondaries, then primaries, then the main motion', async () => {
      const agenda = expectOk(
        await app.gql(AGENDA, { conventionId, wait: (await app.store.headPosition()).toString() }),
      ).agenda;
      expect(agenda.map((item: any) => [item.amendmentId ?? item.proposalId, item.mayOpen, item.blockedBy])).toEqual([
        [ids.S1, true, []],
        [ids.A1, false, ['AMENDMENTS_PENDING']],
        [ids.P1, false, ['AMENDMENTS_PENDING']],
        [ids.P2, true, []],
        [ids.P3, true, []],
        [ids.P5, true, []],
      ]);
    });

    it('refuses to open a vote with amendments pending, or by anyone but the secretariat', async () => {
      await refused(
        () => app.gql(OPEN, { input: { conventionId, proposalId: ids.P1 } }, { token: clerk.token }),
        'CONFLICT',
        'AMENDMENTS_PENDING',
      );
      await refused(
        () => app.gql(OPEN, { input: { conventionId, amendmentId: ids.A1 } }, { token: clerk.token }),
        'CONFLICT',
        'AMENDMENTS_PENDING',
      );
      await refused(
        () => app.gql(OPEN, { input: { conventionId, amendmentId: ids.S1 } }, { token: d[0].token }),
        'FORBIDDEN',
        'NOT_SECRETARIAT',
      );
      await refused(
        () =>
          app.gql(OPEN, { input: { conventionId, amendmentId: ids.S1, proposalId: ids.P1 } }, { token: clerk.token }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
    });

    it('votes on the secondary: one ballot per seat, changeable until the close, none after', async () => {
      const input = { commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000004', conventionId, amendmentId: ids.S1 };
      const opened = expectOk(await app.gql(OPEN, { input }, { token: clerk.token })).openConventionVote;
      expect(expectOk(await app.gql(OPEN, { input }, { token: clerk.token })).openConventionVote.receipt.replayed).toBe(
        true,
      );
      ids.V_S1 = opened.voteId;
      await refused(
        () => app.gql(CAST, { input: { voteId: ids.V_S1, choice: 'YES' } }, { token: outsider.token }),
        'FORBIDDEN',
        'NOT_A_CREDENTIALED_DELEGATE',
      );
      await refused(
        () => app.gql(CAST, { input: { voteId: ids.V_S1, choice: 'YES' } }, { token: floor.alternate.token }),
        'FORBIDDEN',
        'NOT_A_CREDENTIALED_DELEGATE',
      );
      await refused(
        () => app.gql(CAST, { input: { voteId: ids.V_S1, ranking: [ids.P1] } }, { token: d[0].token }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
      const ballot = { commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000005', voteId: ids.V_S1, choice: 'NO' };
      const cast = expectOk(await app.gql(CAST, { input: ballot }, { token: d[0].token })).castConventionVote;
      expect(cast.seatId).toBe(d[0].memberId);
      const retried = expectOk(
        await app.expectNothingAppended(() => app.gql(CAST, { input: ballot }, { token: d[0].token })),
      ).castConventionVote;
      expect(retried.receipt).toEqual({ ...cast.receipt, replayed: true });
      // A later ballot replaces the earlier one.
      await vote(ids.V_S1, ['YES', 'YES', 'YES', 'NO', null]);
      // Two ballots from one delegate at once: both are accepted in turn, and one counts.
      const concurrent = await Promise.all(
        (['YES', 'ABSTAIN'] as const).map((choice) =>
          app.gql(CAST, { input: { voteId: ids.V_S1, choice } }, { token: d[4].token }),
        ),
      );
      concurrent.forEach((result) => expectOk(result));
      const live = expectOk(
        await app.gql(VOTE, { id: ids.V_S1, wait: (await app.store.headPosition()).toString() }),
      ).conventionVote;
      expect(live).toMatchObject({ status: 'OPEN', electorateSeats: 5, subjectKind: 'amendment', outcome: null });
      expect(live.participation.ballots).toBe(5);
      expect(live.rollCall.nodes.filter((entry: any) => entry.voter.memberId === d[4].memberId)).toHaveLength(1);

      const closeInput = { commandId: '5f0c3c1e-4b6a-4d7e-9f00-000000000006', voteId: ids.V_S1 };
      await refused(() => app.gql(CLOSE, { input: closeInput }, { token: d[0].token }), 'FORBIDDEN', 'NOT_SECRETARIAT');
      const closed = expectOk(await app.gql(CLOSE, { input: closeInput }, { token: clerk.token })).closeConventionVote;
      expect(
        expectOk(await app.expectNothingAppended(() => app.gql(CLOSE, { input: closeInput }, { token: clerk.token })))
          .closeConventionVote.receipt.replayed,
      ).toBe(true);
      await refused(
        () => app.gql(CLOSE, { input: { voteId: ids.V_S1 } }, { token: clerk.token }),
        'CONFLICT',
        'CONVENTION_VOTE_CLOSED',
      );
      await refused(
        () => app.gql(CAST, { input: { voteId: ids.V_S1, choice: 'NO' } }, { token: d[1].token }),
        'CONFLICT',
        'CONVENTION_VOTE_CLOSED',
      );
      const final = expectOk(await app.gql(VOTE, { id: ids.V_S1, wait: closed.receipt.position })).conventionVote;
      expect(final.status).toBe('CLOSED');
      expect(final.outcome).toBe('adopted');
      expect(final.tally.method).toBe('yes-no');
      const { voters } = final.tally.yesNo;
      expect(voters.yes + voters.no + voters.abstain).toBe(5);
      expect(final.participation.ballots).toBe(5);
      const counted = final.participation.yes + final.participation.abstain;
      expect(counted).toBe(4);
      const amendments = expectOk(
        await app.gql(AMENDMENTS, { proposalId: ids.P1, wait: (await app.store.headPosition()).toString() }),
      ).amendments.nodes;
      expect(amendments[1]).toMatchObject({ id: ids.S1, status: 'ADOPTED' });
      expect(amendments[0]).toMatchObject({ id: ids.A1, revision: 3 });
      expect(amendments[0].proposedClauses).toContain('Its meetings are public.');
    });

    it('votes on the primary, then the main motion, which takes effect in the charter', async () => {
      const a1 = await open({ amendmentId: ids.A1 });
      await vote(a1, ['YES', 'YES', 'YES', 'YES', 'NO']);
      await close(a1);
      beforeCouncilEnacted = (await app.store.headPosition()).toString();
      const council = expectOk(await app.gql(PROPOSAL, { id: ids.P1, wait: beforeCouncilEnacted })).proposal;
      expect(council.currentVersion).toBe(3);
      expect(council.versions[2]).toMatchObject({ madeBy: 'adopted-amendment', amendmentId: ids.A1, voteId: a1 });
      expect(council.clauses).toEqual([
        'Preamble: the council serves the branches.',
        'A national council is created.',
        'It meets twice a year.',
        'Its meetings are public.',
      ]);

      ids.V_P1 = await open({ proposalId: ids.P1 });
      await refused(
        () => app.gql(WITHDRAW, { input: { proposalId: ids.P1 } }, { token: d[0].token }),
        'CONFLICT',
        'PROPOSAL_UNDER_VOTE',
      );
      await vote(ids.V_P1, ['YES', 'YES', 'YES', 'YES', 'NO']);
      const closed = await close(ids.V_P1);
      const charter = expectOk(await app.gql(CHARTER, { wait: closed.receipt.position })).charter;
      expect(charter.bodies).toMatchObject({ totalCount: 1, nodes: [expect.anything()] });
      expect(charter.bodies.nodes[0]).toMatchObject({
        title: 'National council',
        composition: [{ role: 'Branch delegate', seats: 2 }],
        enactment: { proposalId: ids.P1, proposalVersion: 3, voteId: ids.V_P1, amendmentIds: [ids.A2, ids.A1] },
      });
      expect(charter.bodies.nodes[0].enactment.tally).toMatchObject({
        method: 'yes-no',
        yesNo: { outcome: 'adopted' },
      });
      const before = expectOk(await app.gql(CHARTER, { asOf: beforeCouncilEnacted })).charter;
      expect(before.bodies).toMatchObject({ totalCount: 0, nodes: [] });
    });

    it('refuses changes to a decided proposal or amendment', async () => {
      await refused(
        () => amend(d[1].token, { proposalId: ids.P1, operations: [{ op: 'STRIKE', clause: 1 }] }),
        'CONFLICT',
        'AMENDMENT_SUBMISSION_CLOSED',
      );
      await refused(
        () =>
          app.gql(
            REBASE,
            { input: { amendmentId: ids.A1, operations: [{ op: 'STRIKE', clause: 1 }] } },
            { token: d[1].token },
          ),
        'CONFLICT',
        'AMENDMENT_NOT_PENDING',
      );
      await refused(
        () => app.gql(WITHDRAW, { input: { proposalId: ids.P1 } }, { token: d[0].token }),
        'CONFLICT',
        'PROPOSAL_CLOSED',
      );
    });

    it('puts competing proposals to one ranked vote; the winner becomes a rule', async () => {
      const voteId = await open({ competingProposalIds: [ids.P2, ids.P3], subject: 'Dues' });
      const rankings = [[ids.P3, ids.P2], [ids.P3], [ids.P2, ids.P3], [ids.P3, ids.P2]];
      for (const [index, ranking] of rankings.entries()) {
        expectOk(await app.gql(CAST, { input: { voteId, ranking } }, { token: d[index].token }));
      }
      await refused(
        () => app.gql(CAST, { input: { voteId, choice: 'YES' } }, { token: d[4].token }),
        'BAD_USER_INPUT',
        'INVALID_INPUT',
      );
      const closed = await close(voteId);
      const view = expectOk(await app.gql(VOTE, { id: voteId, wait: closed.receipt.position })).conventionVote;
      expect(view).toMatchObject({ method: 'ranked', outcome: 'decided', winner: ids.P3, subject: 'Dues' });
      expect(view.tally).toMatchObject({ method: 'ranked', ranked: { outcome: 'decided', winner: ids.P3 } });
      expect(view.tally.ranked.pairwise.length).toBeGreaterThan(0);
      const proposals = expectOk(await app.gql(PROPOSALS, { conventionId })).proposals.nodes;
      const status = Object.fromEntries(proposals.map((p: any) => [p.id, p.status]));
      expect([status[ids.P2], status[ids.P3]]).toEqual(['REJECTED', 'ADOPTED']);
      const charter = expectOk(await app.gql(CHARTER, {})).charter;
      expect(charter.rules.nodes).toEqual([
        {
          id: proposals.find((p: any) => p.id === ids.P3).ruleId,
          title: 'Fixed dues',
          status: 'in-force',
          repealedBy: null,
          versions: [
            expect.objectContaining({
              version: 1,
              consolidatedText: '1. Dues are one euro a month.',
              enactment: expect.objectContaining({ proposalId: ids.P3, proposalVersion: 1, voteId, amendmentIds: [] }),
            }),
          ],
        },
      ]);
    });

    it('records a vote that fails its quorum as rejected, with its result', async () => {
      // A crash after the vote opened but before its proposal was marked: the retry completes it.
      const commandId = '5f0c3c1e-4b6a-4d7e-9f00-000000000007';
      const voteId = entityIdFor('convention-vote', commandId);
      const rules = { threshold: { kind: 'two-thirds' }, quorum: { fraction: '1/2', of: 'electorate' } } as const;
      await app.app.get(CommandRunner).run(conventionVoteDecider, conventionVoteStream(voteId), {
        command: {
          type: 'OpenConventionVote',
          data: {
            voteId,
            conventionId,
            subject: { kind: 'proposal', proposalId: ids.P5 },
            openedBy: { memberId: clerk.memberId, isSecretariat: true },
            phase: 'voting',
            agenda: {
              proposals: [{ proposalId: ids.P5, subject: 'Openness', status: 'open', seconded: true }],
              amendments: [],
            },
            rules,
            electorate: { seats: 5, totalWeight: '5' },
            openedAt: new Date().toISOString(),
          },
        },
        metadata: {
          commandId,
          correlationId: commandId,
          causationId: commandId,
          actor: { kind: 'member', memberId: clerk.memberId },
          acceptedAt: new Date().toISOString(),
        },
      });
      const retried = expectOk(
        await app.gql(OPEN, { input: { commandId, conventionId, proposalId: ids.P5 } }, { token: clerk.token }),
      ).openConventionVote;
      expect(retried).toMatchObject({ voteId, receipt: { replayed: true } });
      const marked = expectOk(
        await app.gql(PROPOSAL, { id: ids.P5, wait: (await app.store.headPosition()).toString() }),
      ).proposal;
      expect(marked).toMatchObject({ status: 'UNDER_VOTE', voteId });
      await vote(voteId, ['YES', 'YES', null, null, null]);
      const closed = await close(voteId);
      const view = expectOk(await app.gql(VOTE, { id: voteId, wait: closed.receipt.position })).conventionVote;
      expect(view.outcome).toBe('no-quorum');
      const commitment = expectOk(await app.gql(PROPOSAL, { id: ids.P5 })).proposal;
      expect(commitment.status).toBe('REJECTED');
      expect(commitment.decisionTally.yesNo.outcome).toBe('no-quorum');
      expect(expectOk(await app.gql(CHARTER, {})).charter.commitments.nodes).toEqual([]);
      const votes = expectOk(await app.gql(VOTES, { conventionId })).conventionVotes.nodes;
      expect(votes.map((v: any) => v.status)).toEqual(['CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED']);
      const agenda = expectOk(await app.gql(AGENDA, { conventionId })).agenda;
      expect(agenda).toEqual([]);
    });
  });

  describe('4. a later convention amends the rule; a repeal drafted on the old version cannot be voted', () => {
    let second: FloorConventionFixture;
    let ruleId: string;

    beforeAll(async () => {
      await floor.advance('RATIFICATION');
      await floor.advance('CLOSED');
      second = await callConvention(app, {
        chair: floor.chair,
        clerk,
        chapterId: floor.chapterId,
        delegates: d,
        alternate: floor.alternate,
      });
      const proposals = expectOk(await app.gql(PROPOSALS, { conventionId })).proposals.nodes;
      ruleId = proposals.find((p: any) => p.id === ids.P3).ruleId;
    }, 60_000);

    it('adopts a new consolidated version, traced to its proposal and vote', async () => {
      const input = {
        conventionId: second.conventionId,
        kind: 'AMEND_RULE',
        title: 'Lower dues',
        ruleId,
        ruleVersion: 1,
        clauses: ['Dues are fifty cents a month.', 'Students pay nothing.'],
      };
      await refused(
        () => app.gql(SUBMIT, { input: { ...input, conventionId } }, { token: d[0].token }),
        'NOT_FOUND',
        'CONVENTION_NOT_FOUND',
      );
      const proposalId = expectOk(await app.gql(SUBMIT, { input }, { token: d[0].token })).submitProposal.proposalId;
      expectOk(await app.gql(SECOND, { input: { proposalId } }, { token: d[1].token }));
      const repeal = expectOk(
        await app.gql(
          SUBMIT,
          { input: { ...input, kind: 'REPEAL_RULE', title: 'No dues rule', clauses: ['The dues rule is repealed.'] } },
          { token: d[2].token },
        ),
      ).submitProposal.proposalId;
      expectOk(await app.gql(SECOND, { input: { proposalId: repeal } }, { token: d[1].token }));
      for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) await second.advance(phase);
      const opened = expectOk(
        await app.gql(OPEN, { input: { conventionId: second.conventionId, proposalId } }, { token: clerk.token }),
      ).openConventionVote;
      for (const delegate of d) {
        expectOk(await app.gql(CAST, { input: { voteId: opened.voteId, choice: 'YES' } }, { token: delegate.token }));
      }
      const closed = expectOk(
        await app.gql(CLOSE, { input: { voteId: opened.voteId } }, { token: clerk.token }),
      ).closeConventionVote;
      const [rule] = expectOk(await app.gql(CHARTER, { wait: closed.receipt.position })).charter.rules.nodes;
      expect(rule.versions.map((version: any) => version.version)).toEqual([1, 2]);
      expect(rule.versions[1]).toMatchObject({
        clauses: ['Dues are fifty cents a month.', 'Students pay nothing.'],
        consolidatedText: '1. Dues are fifty cents a month.\n2. Students pay nothing.',
        enactment: { proposalId, proposalVersion: 1, voteId: opened.voteId, amendmentIds: [] },
      });
      // The repeal was drafted on version 1: the charter could not take it in, so no vote opens on it.
      await refused(
        () =>
          app.gql(OPEN, { input: { conventionId: second.conventionId, proposalId: repeal } }, { token: clerk.token }),
        'CONFLICT',
        'RULE_CHANGED_SINCE_PROPOSAL',
      );
      const before = expectOk(await app.gql(CHARTER, { asOf: opened.receipt.position })).charter;
      expect(before.rules.nodes[0].versions).toHaveLength(1);
    });
  });
});
