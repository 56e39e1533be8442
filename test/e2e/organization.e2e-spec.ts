import { TestApp } from '../support/test-app';

const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) {
  appointCommitteeMember(input: $input) { memberId receipt { commandId position revision replayed } }
}`;
const RETIRE = `mutation ($input: RetireCommitteeMemberInput!) {
  retireCommitteeMember(input: $input) { memberId receipt { position } }
}`;
const PUBLISH = `mutation ($input: PublishCommitmentsInput!) {
  publishCommitments(input: $input) { version receipt { position } }
}`;
const FOUND_BRANCH = `mutation ($input: FoundBranchInput!) {
  foundBranch(input: $input) { branchId receipt { position } }
}`;
const COMMITTEE = `query ($wait: String) { committee(waitForPosition: $wait) { memberId pseudonym appointedAt } }`;
const COMMITMENTS = `query ($wait: String) { commitments(waitForPosition: $wait) { version principles publishedAt } }`;
const BRANCHES = `query ($wait: String) { branches(waitForPosition: $wait) { id name countryCode foundedAt } }`;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('organization over GraphQL (e2e)', () => {
  let app: TestApp;
  let operator: string;
  let ada: { memberId: string; token: string };
  let bea: { memberId: string; token: string };

  beforeAll(async () => {
    app = await TestApp.start();
    operator = await app.operatorToken();
    ada = await app.enroll('Ada Chair');
    bea = await app.enroll('Bea Second');
  });

  afterAll(async () => {
    await app.stop();
  });

  it('reads an empty organization before anything is set up', async () => {
    const committee = await app.gql(COMMITTEE);
    expect(committee.data!.committee).toEqual([]);
    const commitments = await app.gql(COMMITMENTS);
    expect(commitments.errors).toBeUndefined();
    expect(commitments.data!.commitments).toBeNull();
    const branches = await app.gql(BRANCHES);
    expect(branches.data!.branches).toEqual([]);
  });

  it('a member cannot set up the committee: FORBIDDEN before the first appointment', async () => {
    const result = await app.expectNothingAppended(() =>
      app.gql(APPOINT, { input: { memberId: ada.memberId } }, { token: ada.token }),
    );
    expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an operator appoints the first member, who appoints the next, publishes and founds a branch', async () => {
    const first = await app.gql(APPOINT, { input: { memberId: ada.memberId } }, { token: operator });
    expect(first.errors).toBeUndefined();
    expect(first.data!.appointCommitteeMember).toMatchObject({
      memberId: ada.memberId,
      receipt: { revision: '0', replayed: false },
    });
    const [appointed] = await app.store.readStream('Committee-organization');
    expect(appointed.data).toEqual({
      memberId: ada.memberId,
      appointedBy: { kind: 'operator' },
      appointedAt: expect.stringMatching(ISO_TIME),
    });

    const second = await app.gql(APPOINT, { input: { memberId: bea.memberId } }, { token: ada.token });
    expect(second.errors).toBeUndefined();
    const [, byAda] = await app.store.readStream('Committee-organization');
    expect(byAda.data).toMatchObject({ appointedBy: { kind: 'member', memberId: ada.memberId } });

    const published = await app.gql(
      PUBLISH,
      { input: { principles: ['  Solidarity ', 'Democracy\nfrom below'] } },
      { token: ada.token },
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishCommitments.version).toBe(1);
    const republished = await app.gql(PUBLISH, { input: { principles: ['Solidarity'] } }, { token: bea.token });
    expect(republished.data!.publishCommitments.version).toBe(2);

    const branch = await app.gql(
      FOUND_BRANCH,
      { input: { name: ' Section   France ', countryCode: 'FR' } },
      {
        token: ada.token,
      },
    );
    expect(branch.errors).toBeUndefined();
    const { branchId, receipt } = branch.data!.foundBranch;
    expect(branchId).toMatch(/^[0-9a-f-]{36}$/);

    const committee = await app.gql(COMMITTEE, { wait: receipt.position });
    expect(committee.data!.committee).toEqual([
      { memberId: ada.memberId, pseudonym: 'Ada Chair', appointedAt: expect.stringMatching(ISO_TIME) },
      { memberId: bea.memberId, pseudonym: 'Bea Second', appointedAt: expect.stringMatching(ISO_TIME) },
    ]);
    const commitments = await app.gql(COMMITMENTS, { wait: receipt.position });
    expect(commitments.data!.commitments).toEqual({
      version: 2,
      principles: ['Solidarity'],
      publishedAt: expect.stringMatching(ISO_TIME),
    });
    const branches = await app.gql(BRANCHES, { wait: receipt.position });
    expect(branches.data!.branches).toEqual([
      { id: branchId, name: 'Section France', countryCode: 'FR', foundedAt: expect.stringMatching(ISO_TIME) },
    ]);
  });

  it('a sitting member retires another, and the committee reads it back', async () => {
    const cy = await app.enroll('Cy Shortterm');
    await app.gql(APPOINT, { input: { memberId: cy.memberId } }, { token: ada.token });
    const retired = await app.gql(RETIRE, { input: { memberId: cy.memberId } }, { token: cy.token });
    expect(retired.errors).toBeUndefined();
    const committee = await app.gql(COMMITTEE, { wait: retired.data!.retireCommitteeMember.receipt.position });
    expect(committee.data!.committee.map((member: { memberId: string }) => member.memberId)).toEqual([
      ada.memberId,
      bea.memberId,
    ]);
  });

  it('retries with the same commandId append nothing and return the same receipt', async () => {
    const dan = await app.enroll('Dan Retry');
    const commandId = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
    const first = await app.gql(APPOINT, { input: { memberId: dan.memberId, commandId } }, { token: ada.token });
    const second = await app.expectNothingAppended(() =>
      app.gql(APPOINT, { input: { memberId: dan.memberId, commandId } }, { token: ada.token }),
    );
    expect(second.data!.appointCommitteeMember.receipt).toEqual({
      ...first.data!.appointCommitteeMember.receipt,
      replayed: true,
    });
    await app.gql(RETIRE, { input: { memberId: dan.memberId } }, { token: dan.token });
  });

  describe('rejections: a clear error and nothing appended', () => {
    it('a member not on the committee appointing is FORBIDDEN', async () => {
      const outsider = await app.enroll('Out Sider');
      const result = await app.expectNothingAppended(() =>
        app.gql(APPOINT, { input: { memberId: outsider.memberId } }, { token: outsider.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
    });

    it('an operator appointing once the committee is set up is FORBIDDEN', async () => {
      const late = await app.enroll('Late Appointee');
      const result = await app.expectNothingAppended(() =>
        app.gql(APPOINT, { input: { memberId: late.memberId } }, { token: operator }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
    });

    it('an operator or an outsider publishing or founding once the committee is set up is FORBIDDEN', async () => {
      const outsider = await app.enroll('Not Sitting');
      for (const token of [operator, outsider.token]) {
        const publish = await app.expectNothingAppended(() =>
          app.gql(PUBLISH, { input: { principles: ['Takeover'] } }, { token }),
        );
        expect(publish.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
        const found = await app.expectNothingAppended(() =>
          app.gql(FOUND_BRANCH, { input: { name: 'Rogue Branch', countryCode: 'DE' } }, { token }),
        );
        expect(found.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
      }
    });

    it('appointing a member who is not enrolled is NOT_FOUND', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(APPOINT, { input: { memberId: '6a1f7e2c-0000-4000-8000-000000000000' } }, { token: ada.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND' });
    });

    it('appointing a sitting member again is CONFLICT ALREADY_ON_COMMITTEE', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(APPOINT, { input: { memberId: bea.memberId } }, { token: ada.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ON_COMMITTEE' });
    });

    it('retiring the last member is CONFLICT COMMITTEE_WOULD_BE_EMPTY', async () => {
      const solo = await TestApp.start();
      try {
        const only = await solo.enroll('Only One');
        const soloOperator = await solo.operatorToken();
        const appointed = await solo.gql(APPOINT, { input: { memberId: only.memberId } }, { token: soloOperator });
        expect(appointed.errors).toBeUndefined();
        const before = await solo.store.headPosition();
        const result = await solo.gql(RETIRE, { input: { memberId: only.memberId } }, { token: only.token });
        expect(await solo.store.headPosition()).toBe(before);
        expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMMITTEE_WOULD_BE_EMPTY' });
      } finally {
        await solo.stop();
      }
    });

    it('every organization mutation needs a token: UNAUTHENTICATED without one', async () => {
      for (const [query, input] of [
        [APPOINT, { memberId: bea.memberId }],
        [RETIRE, { memberId: bea.memberId }],
        [PUBLISH, { principles: ['Anonymous'] }],
        [FOUND_BRANCH, { name: 'Anonymous Branch', countryCode: 'IT' }],
      ] as const) {
        const result = await app.expectNothingAppended(() => app.gql(query, { input }));
        expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });

    it.each(['fr', 'FRA', 'F1'])('the country code %j is BAD_USER_INPUT naming the field', async (countryCode) => {
      const result = await app.expectNothingAppended(() =>
        app.gql(FOUND_BRANCH, { input: { name: 'Section France', countryCode } }, { token: ada.token }),
      );
      expect(result.data).toBeNull();
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'countryCode', message: expect.stringContaining('alpha-2') }],
      });
    });

    it('an empty list of principles is BAD_USER_INPUT naming the field', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(PUBLISH, { input: { principles: [] } }, { token: ada.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'principles', message: expect.stringContaining('between 1 and 50') }],
      });
    });

    it('a malformed member id is BAD_USER_INPUT', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(APPOINT, { input: { memberId: 'not-a-uuid' } }, { token: ada.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'memberId', message: 'memberId must be a UUID' }],
      });
    });
  });
});
