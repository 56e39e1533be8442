import { CommandRunner } from '../../libs/event-store/src';
import { committeeDecider, committeeStream } from '../../libs/organization/src';
import { conventionInRatification } from '../support/ratification-fixture';
import { TestApp } from '../support/test-app';

const RESIGN = `mutation { resign { memberId receipt { position } } }`;
const APPOINT = `mutation ($id: ID!) { appointCommitteeMember(input: { memberId: $id }) { memberId } }`;
const BRANCH = `mutation ($name: String!, $code: String!) {
  foundBranch(input: { name: $name, countryCode: $code }) { branchId }
}`;
const PROPOSE = `mutation ($input: ProposeInterimDecisionInput!) {
  proposeInterimDecision(input: $input) { decisionId receipt { position } }
}`;
const COMMITTEE = `query ($wait: String) { committee(waitForPosition: $wait) { memberId } }`;

type Member = { memberId: string; token: string };

describe('a resigned member loses committee and secretariat roles at once (e2e)', () => {
  let app: TestApp;
  let operator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    operator = await app.operatorToken();
  });

  afterAll(async () => {
    await app.stop();
  });

  const resign = async (member: Member) => {
    const result = await app.gql(RESIGN, {}, { token: member.token });
    expect(result.errors).toBeUndefined();
    return result.data!.resign.receipt.position as string;
  };

  it('a committee member who resigned can no longer act for the committee, and leaves it', async () => {
    const [ada, bea, cy] = [await app.enroll('Role Ada'), await app.enroll('Role Bea'), await app.enroll('Role Cy')];
    expect((await app.gql(APPOINT, { id: ada.memberId }, { token: operator })).errors).toBeUndefined();
    expect((await app.gql(APPOINT, { id: bea.memberId }, { token: ada.token })).errors).toBeUndefined();
    const position = await resign(ada);

    const refused = await app.expectNothingAppended(() =>
      app.gql(BRANCH, { name: 'Section Espana', code: 'ES' }, { token: ada.token }),
    );
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
    const appoint = await app.expectNothingAppended(() => app.gql(APPOINT, { id: cy.memberId }, { token: ada.token }));
    expect(appoint.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });

    // The committee's own stream no longer has Ada: every check and every query agrees.
    const committee = await app.app.get(CommandRunner).load(committeeDecider, committeeStream());
    expect(committee.members).toEqual([bea.memberId]);
    const listed = await app.gql(COMMITTEE, { wait: position });
    expect(listed.data!.committee).toEqual([{ memberId: bea.memberId }]);

    // A decision proposed now is put to the committee as it sits: Bea alone.
    const proposed = await app.gql(
      PROPOSE,
      {
        input: {
          kind: 'CALL_CONVENTION',
          title: 'Meet in Lyon',
          text: 'The convention meets in Lyon.',
          deadline: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
      { token: bea.token },
    );
    expect(proposed.errors).toBeUndefined();
    const [opened] = await app.store.readStream(`InterimDecision-${proposed.data!.proposeInterimDecision.decisionId}`);
    expect(JSON.stringify(opened.data)).not.toContain(ada.memberId);
  });

  it('the last committee member who resigned leaves a committee the operator may seat again', async () => {
    const local = await TestApp.start();
    try {
      const op = await local.operatorToken();
      const [solo, heir] = [await local.enroll('Solo Chair'), await local.enroll('Heir Chair')];
      expect((await local.gql(APPOINT, { id: solo.memberId }, { token: op })).errors).toBeUndefined();
      expect((await local.gql(RESIGN, {}, { token: solo.token })).errors).toBeUndefined();
      const byResigned = await local.expectNothingAppended(() =>
        local.gql(APPOINT, { id: heir.memberId }, { token: solo.token }),
      );
      expect(byResigned.errors![0].extensions).toMatchObject({ reason: 'NOT_A_COMMITTEE_MEMBER' });
      const byOperator = await local.gql(APPOINT, { id: heir.memberId }, { token: op });
      expect(byOperator.errors).toBeUndefined();
      const branch = await local.gql(BRANCH, { name: 'Section Italia', code: 'IT' }, { token: heir.token });
      expect(branch.errors).toBeUndefined();
    } finally {
      await local.stop();
    }
  });

  it('a secretariat member who resigned can no longer run the convention, and leaves the secretariat', async () => {
    const local = await TestApp.start();
    try {
      const convention = await conventionInRatification(local, { stopBefore: 'RATIFICATION' });
      const resigned = await local.gql(RESIGN, {}, { token: convention.clerk.token });
      expect(resigned.errors).toBeUndefined();
      const position = resigned.data!.resign.receipt.position as string;
      const advance = await local.expectNothingAppended(() =>
        local.gql(
          `mutation ($input: AdvanceConventionPhaseInput!) { advanceConventionPhase(input: $input) { phase } }`,
          { input: { conventionId: convention.conventionId, to: 'RATIFICATION' } },
          { token: convention.clerk.token },
        ),
      );
      expect(advance.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      const view = await local.gql(
        `query ($wait: String) { convention(waitForPosition: $wait) { secretariat { memberId } } }`,
        { wait: position },
      );
      expect(view.data!.convention.secretariat).toEqual([]);
    } finally {
      await local.stop();
    }
  });
});
