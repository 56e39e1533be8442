import { TestApp } from '../support/test-app';

const SET_RULES = `mutation ($input: SetInterimRulesInput!) {
  setInterimRules(input: $input) { version receipt { commandId position replayed } }
}`;
const RULES = `query ($wait: String) {
  interimRules(waitForPosition: $wait) {
    version minimumSupport { numerator denominator } maximumObjections allowedKinds
    minimumChapterFounders authorizedByDecisionId setAt
  }
}`;
const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) {
  appointCommitteeMember(input: $input) { memberId }
}`;
const PROPOSE = `mutation ($input: ProposeInterimDecisionInput!) {
  proposeInterimDecision(input: $input) { decisionId }
}`;
const VOTE = `mutation ($input: VoteOnInterimDecisionInput!) { voteOnInterimDecision(input: $input) { decisionId } }`;
const CLOSE = `mutation ($input: CloseInterimDecisionInput!) { closeInterimDecision(input: $input) { status } }`;

type Member = { memberId: string; token: string };

const setupRules = {
  minimumSupport: { numerator: 4, denominator: 5 },
  maximumObjections: 1,
  allowedKinds: ['interim-rules', 'call-convention'],
  minimumChapterFounders: 2,
};

describe('interim rules over GraphQL (e2e)', () => {
  let app: TestApp;
  let operator: string;
  let chair: Member;
  let second: Member;

  beforeAll(async () => {
    app = await TestApp.start();
    operator = await app.operatorToken();
    chair = await app.enroll('Rule Chair');
    second = await app.enroll('Rule Second');
  });

  afterAll(async () => {
    await app.stop();
  });

  async function rules(wait?: string) {
    const result = await app.gql(RULES, { wait });
    expect(result.errors).toBeUndefined();
    return result.data!.interimRules;
  }

  async function decide(kind: string, votes: Member[], interimRules?: object): Promise<string> {
    const proposed = await app.gql(
      PROPOSE,
      {
        input: {
          kind,
          title: `Change ${kind}`,
          text: 'As discussed.',
          deadline: '2099-01-01T00:00:00.000Z',
          interimRules,
        },
      },
      { token: chair.token },
    );
    expect(proposed.errors).toBeUndefined();
    const decisionId = proposed.data!.proposeInterimDecision.decisionId as string;
    for (const member of votes) {
      const voted = await app.gql(VOTE, { input: { decisionId, vote: 'SUPPORT' } }, { token: member.token });
      expect(voted.errors).toBeUndefined();
    }
    return decisionId;
  }

  async function close(decisionId: string): Promise<void> {
    const closed = await app.gql(CLOSE, { input: { decisionId } }, { token: chair.token });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeInterimDecision.status).toBe('ADOPTED');
  }

  it('starts from the defaults: four fifths, at most one objection, any kind, three founders', async () => {
    expect(await rules()).toEqual({
      version: 0,
      minimumSupport: { numerator: 4, denominator: 5 },
      maximumObjections: 1,
      allowedKinds: null,
      minimumChapterFounders: 3,
      authorizedByDecisionId: null,
      setAt: null,
    });
  });

  it('refuses a member before the committee sits, and names every bad value, appending nothing', async () => {
    const byMember = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: setupRules } }, { token: chair.token }),
    );
    expect(byMember.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });

    const bad = await app.expectNothingAppended(() =>
      app.gql(
        SET_RULES,
        {
          input: {
            rules: {
              ...setupRules,
              minimumSupport: { numerator: 3, denominator: 0 },
              maximumObjections: -1,
              minimumChapterFounders: 101,
            },
          },
        },
        { token: operator },
      ),
    );
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect((bad.errors![0].extensions!.fields as Array<{ field: string }>).map((entry) => entry.field)).toEqual([
      'decisions.minimumSupport.denominator',
      'decisions.maximumObjections',
      'minimumChapterFounders',
    ]);

    const withDecision = await app.expectNothingAppended(() =>
      app.gql(
        SET_RULES,
        { input: { rules: setupRules, authorizedByDecisionId: '00000000-0000-4000-8000-000000000000' } },
        { token: operator },
      ),
    );
    expect(withDecision.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lets the operator set the rules at setup; a retry with the same command id is replayed', async () => {
    const commandId = '6f1c3a52-7d0e-4b8e-9a41-0c2f5e7b9d11';
    const first = await app.gql(SET_RULES, { input: { rules: setupRules, commandId } }, { token: operator });
    expect(first.errors).toBeUndefined();
    expect(first.data!.setInterimRules).toMatchObject({ version: 1, receipt: { commandId, replayed: false } });
    const again = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: setupRules, commandId } }, { token: operator }),
    );
    expect(again.data!.setInterimRules).toMatchObject({ version: 1, receipt: { commandId, replayed: true } });
    expect(await rules(first.data!.setInterimRules.receipt.position)).toMatchObject({
      version: 1,
      allowedKinds: ['interim-rules', 'call-convention'],
      minimumChapterFounders: 2,
      authorizedByDecisionId: null,
    });
  });

  it('once the committee sits, only an adopted interim-rules decision changes the rules, once', async () => {
    expect(
      (await app.gql(APPOINT, { input: { memberId: chair.memberId } }, { token: operator })).errors,
    ).toBeUndefined();
    expect(
      (await app.gql(APPOINT, { input: { memberId: second.memberId } }, { token: chair.token })).errors,
    ).toBeUndefined();

    const byOperator = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: setupRules } }, { token: operator }),
    );
    expect(byOperator.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });

    const withoutDecision = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: setupRules } }, { token: chair.token }),
    );
    expect(withoutDecision.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(withoutDecision.errors![0].extensions!.fields).toEqual([
      { field: 'authorizedByDecisionId', message: expect.stringContaining('interim-rules') },
    ]);

    const unknown = await app.expectNothingAppended(() =>
      app.gql(
        SET_RULES,
        { input: { rules: setupRules, authorizedByDecisionId: '00000000-0000-4000-8000-000000000000' } },
        { token: chair.token },
      ),
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'DECISION_NOT_FOUND' });

    // The setup's rules restrict kinds: anything else is refused.
    const budget = await app.expectNothingAppended(() =>
      app.gql(
        PROPOSE,
        { input: { kind: 'budget', title: 'Spend', text: 'Money.', deadline: '2099-01-01T00:00:00.000Z' } },
        { token: chair.token },
      ),
    );
    expect(budget.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DECISION_KIND_NOT_ALLOWED' });

    const changed = { ...setupRules, allowedKinds: null, minimumChapterFounders: 4 };
    const decisionId = await decide('interim-rules', [chair], changed);
    const notYet = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: changed, authorizedByDecisionId: decisionId } }, { token: chair.token }),
    );
    expect(notYet.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DECISION_NOT_ADOPTED' });

    const wrongKind = await decide('call-convention', [chair, second]);
    await close(wrongKind);
    const byWrongKind = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: changed, authorizedByDecisionId: wrongKind } }, { token: chair.token }),
    );
    expect(byWrongKind.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'DECISION_WRONG_KIND' });

    const voted = await app.gql(VOTE, { input: { decisionId, vote: 'SUPPORT' } }, { token: second.token });
    expect(voted.errors).toBeUndefined();
    await close(decisionId);
    const applied = await app.gql(
      SET_RULES,
      { input: { rules: changed, authorizedByDecisionId: decisionId } },
      { token: second.token },
    );
    expect(applied.errors).toBeUndefined();
    expect(applied.data!.setInterimRules.version).toBe(2);
    expect(await rules(applied.data!.setInterimRules.receipt.position)).toMatchObject({
      version: 2,
      allowedKinds: null,
      minimumChapterFounders: 4,
      authorizedByDecisionId: decisionId,
    });

    const other = await decide('interim-rules', [chair, second], changed);
    await close(other);
    const loosened = await app.expectNothingAppended(() =>
      app.gql(
        SET_RULES,
        { input: { rules: { ...changed, maximumObjections: 99 }, authorizedByDecisionId: other } },
        { token: chair.token },
      ),
    );
    expect(loosened.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RULES_DIFFER_FROM_DECISION' });
    const withoutRules = await app.expectNothingAppended(() =>
      app.gql(
        PROPOSE,
        {
          input: { kind: 'interim-rules', title: 'Vague', text: 'Change them.', deadline: '2099-01-01T00:00:00.000Z' },
        },
        { token: chair.token },
      ),
    );
    expect(withoutRules.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'interimRules' }],
    });

    const reused = await app.expectNothingAppended(() =>
      app.gql(SET_RULES, { input: { rules: changed, authorizedByDecisionId: decisionId } }, { token: chair.token }),
    );
    expect(reused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'DECISION_ALREADY_APPLIED' });
  });

  it('snapshots the rules in force into each new decision', async () => {
    const decisionId = await decide('anything-now', []);
    const [proposed] = await app.store.readStream(`InterimDecision-${decisionId}`);
    expect(proposed.data).toMatchObject({
      rules: { minimumSupport: { numerator: 4, denominator: 5 }, maximumObjections: 1, allowedKinds: null },
    });
  });

  it('chapters need as many founders as the rules in force say', async () => {
    const founder = await app.enroll('Rule Founder');
    const founded = await app.foundChapter(founder.token, 'Four Founders', 'Lyon');
    expect(founded.coFounders).toHaveLength(3);
  });

  it('asks for a token', async () => {
    const result = await app.expectNothingAppended(() => app.gql(SET_RULES, { input: { rules: setupRules } }));
    expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
