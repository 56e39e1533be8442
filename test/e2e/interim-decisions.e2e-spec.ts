import { TestApp } from '../support/test-app';

const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) {
  appointCommitteeMember(input: $input) { memberId receipt { position } }
}`;
const PROPOSE = `mutation ($input: ProposeInterimDecisionInput!) {
  proposeInterimDecision(input: $input) { decisionId receipt { commandId position revision replayed } }
}`;
const VOTE = `mutation ($input: VoteOnInterimDecisionInput!) {
  voteOnInterimDecision(input: $input) { decisionId receipt { position } }
}`;
const CLOSE = `mutation ($input: CloseInterimDecisionInput!) {
  closeInterimDecision(input: $input) { decisionId status receipt { position } }
}`;
const DECISIONS = `query ($wait: String) {
  interimDecisions(waitForPosition: $wait, first: 200) {
    nodes { id kind title status deadline tally { supports objections abstentions committeeSize } }
  }
}`;

type Member = { memberId: string; token: string };

const inFuture = (milliseconds: number) => new Date(Date.now() + milliseconds).toISOString();
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('interim decisions over GraphQL (e2e)', () => {
  let app: TestApp;
  let committee: Member[];
  let outsider: Member;

  beforeAll(async () => {
    app = await TestApp.start();
    const operator = await app.operatorToken();
    committee = [];
    for (const name of ['Ada Chair', 'Bea Second', 'Cy Third', 'Dee Fourth', 'Eve Fifth']) {
      committee.push(await app.enroll(name));
    }
    outsider = await app.enroll('Out Sider');
    const [first, ...others] = committee;
    const appointed = await app.gql(APPOINT, { input: { memberId: first.memberId } }, { token: operator });
    expect(appointed.errors).toBeUndefined();
    for (const member of others) {
      const result = await app.gql(APPOINT, { input: { memberId: member.memberId } }, { token: first.token });
      expect(result.errors).toBeUndefined();
    }
  });

  afterAll(async () => {
    await app.stop();
  });

  async function propose(by: Member, title: string, deadline: string): Promise<string> {
    const result = await app.gql(
      PROPOSE,
      { input: { kind: 'CALL_CONVENTION', title, text: 'The convention meets in Lyon.', deadline } },
      { token: by.token },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.proposeInterimDecision.decisionId as string;
  }

  async function vote(by: Member, decisionId: string, choice: 'SUPPORT' | 'OBJECT' | 'ABSTAIN'): Promise<void> {
    const result = await app.gql(VOTE, { input: { decisionId, vote: choice } }, { token: by.token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.voteOnInterimDecision.decisionId).toBe(decisionId);
  }

  async function decision(decisionId: string, wait: string) {
    const result = await app.gql(DECISIONS, { wait });
    expect(result.errors).toBeUndefined();
    return (result.data!.interimDecisions.nodes as Array<{ id: string }>).find((entry) => entry.id === decisionId);
  }

  it('four supports and one objection adopt the decision on close', async () => {
    const deadline = inFuture(60 * 60 * 1000);
    const decisionId = await propose(committee[0], '  Call the   convention ', deadline);
    expect(decisionId).toMatch(/^[0-9a-f-]{36}$/);
    const [proposed] = await app.store.readStream(`InterimDecision-${decisionId}`);
    expect(proposed.data).toMatchObject({
      proposedBy: committee[0].memberId,
      committee: committee.map((member) => member.memberId),
      rules: { minimumSupport: { numerator: 4, denominator: 5 }, maximumObjections: 1, allowedKinds: null },
    });

    for (const member of committee.slice(0, 4)) await vote(member, decisionId, 'SUPPORT');
    await vote(committee[4], decisionId, 'OBJECT');

    const closed = await app.gql(CLOSE, { input: { decisionId } }, { token: committee[4].token });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeInterimDecision).toMatchObject({ decisionId, status: 'ADOPTED' });

    expect(await decision(decisionId, closed.data!.closeInterimDecision.receipt.position)).toEqual({
      id: decisionId,
      kind: 'CALL_CONVENTION',
      title: 'Call the convention',
      status: 'ADOPTED',
      deadline,
      tally: { supports: 4, objections: 1, abstentions: 0, committeeSize: 5 },
    });
  });

  it('shows the live tally of an open decision', async () => {
    const decisionId = await propose(committee[1], 'Set the rules', inFuture(60 * 60 * 1000));
    await vote(committee[0], decisionId, 'SUPPORT');
    await vote(committee[2], decisionId, 'ABSTAIN');
    const changed = await app.gql(VOTE, { input: { decisionId, vote: 'OBJECT' } }, { token: committee[0].token });
    expect(changed.errors).toBeUndefined();
    expect(await decision(decisionId, changed.data!.voteOnInterimDecision.receipt.position)).toMatchObject({
      status: 'OPEN',
      tally: { supports: 0, objections: 1, abstentions: 1, committeeSize: 5 },
    });
  });

  it('three supports let the decision lapse once the deadline has passed', async () => {
    const deadlineAt = Date.now() + 1500;
    const decisionId = await propose(committee[0], 'Open a bank account', new Date(deadlineAt).toISOString());
    for (const member of committee.slice(0, 3)) await vote(member, decisionId, 'SUPPORT');

    const early = await app.expectNothingAppended(() =>
      app.gql(CLOSE, { input: { decisionId } }, { token: committee[0].token }),
    );
    expect(early.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DECISION_STILL_OPEN' });

    await sleep(Math.max(0, deadlineAt - Date.now()) + 100);
    const closed = await app.gql(CLOSE, { input: { decisionId } }, { token: committee[1].token });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeInterimDecision.status).toBe('LAPSED');
    expect(await decision(decisionId, closed.data!.closeInterimDecision.receipt.position)).toMatchObject({
      status: 'LAPSED',
      tally: { supports: 3, objections: 0, abstentions: 0, committeeSize: 5 },
    });
  });

  it('two objections let the decision lapse at once, before its deadline', async () => {
    const decisionId = await propose(committee[0], 'Rent an office', inFuture(60 * 60 * 1000));
    await vote(committee[0], decisionId, 'SUPPORT');
    await vote(committee[1], decisionId, 'OBJECT');
    // One objection is within the rules: the outcome is still open.
    const early = await app.expectNothingAppended(() =>
      app.gql(CLOSE, { input: { decisionId } }, { token: committee[0].token }),
    );
    expect(early.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DECISION_STILL_OPEN' });

    await vote(committee[2], decisionId, 'OBJECT');
    const closed = await app.gql(CLOSE, { input: { decisionId } }, { token: committee[0].token });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeInterimDecision.status).toBe('LAPSED');
    expect(await decision(decisionId, closed.data!.closeInterimDecision.receipt.position)).toMatchObject({
      status: 'LAPSED',
      tally: { supports: 1, objections: 2, abstentions: 0, committeeSize: 5 },
    });
  });

  describe('rejections: a clear error and nothing appended', () => {
    let openDecision: string;

    beforeAll(async () => {
      openDecision = await propose(committee[2], 'Hire an accountant', inFuture(60 * 60 * 1000));
    });

    it('a member not on the committee voting is FORBIDDEN', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(VOTE, { input: { decisionId: openDecision, vote: 'SUPPORT' } }, { token: outsider.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
    });

    it('a member not on the committee proposing or closing is FORBIDDEN', async () => {
      const proposal = await app.expectNothingAppended(() =>
        app.gql(
          PROPOSE,
          { input: { kind: 'X', title: 'Takeover', text: 'Mine.', deadline: inFuture(60_000) } },
          { token: outsider.token },
        ),
      );
      expect(proposal.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
      const close = await app.expectNothingAppended(() =>
        app.gql(CLOSE, { input: { decisionId: openDecision } }, { token: outsider.token }),
      );
      expect(close.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
    });

    it('a vote after the decision is closed is CONFLICT', async () => {
      const decisionId = await propose(committee[3], 'Print leaflets', inFuture(60 * 60 * 1000));
      for (const member of committee) await vote(member, decisionId, 'SUPPORT');
      const closed = await app.gql(CLOSE, { input: { decisionId } }, { token: committee[3].token });
      expect(closed.data!.closeInterimDecision.status).toBe('ADOPTED');

      const result = await app.expectNothingAppended(() =>
        app.gql(VOTE, { input: { decisionId, vote: 'OBJECT' } }, { token: committee[0].token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DECISION_CLOSED' });
    });

    it('every interim decision mutation needs a token: UNAUTHENTICATED without one', async () => {
      for (const [query, input] of [
        [PROPOSE, { kind: 'X', title: 'Anonymous', text: 'Anonymous', deadline: inFuture(60_000) }],
        [VOTE, { decisionId: openDecision, vote: 'SUPPORT' }],
        [CLOSE, { decisionId: openDecision }],
      ] as const) {
        const result = await app.expectNothingAppended(() => app.gql(query, { input }));
        expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });

    it.each(['soon', '2026-13-01T10:00:00.000Z', '2020-01-01T10:00:00.000Z'])(
      'the deadline %j is BAD_USER_INPUT naming the field',
      async (deadline) => {
        const result = await app.expectNothingAppended(() =>
          app.gql(
            PROPOSE,
            { input: { kind: 'CALL_CONVENTION', title: 'Bad deadline', text: 'Text', deadline } },
            { token: committee[0].token },
          ),
        );
        expect(result.errors![0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'deadline', message: expect.any(String) }],
        });
      },
    );
  });
});
