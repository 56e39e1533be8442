import { GraphQLResult, TestApp } from './test-app';

/**
 * A running convention with credentialed delegates, driven over GraphQL only: a committee of one,
 * one chapter whose members elect every seat by approval (plus one alternate), a secretariat
 * member, and the convention moved to PROPOSAL_SUBMISSION. Used by the floor's e2e tests.
 */

export type FloorMember = { memberId: string; token: string };

export interface FloorConventionFixture {
  readonly conventionId: string;
  readonly chapterId: string;
  readonly chair: FloorMember;
  /** On the secretariat. */
  readonly clerk: FloorMember;
  /** Credentialed delegates, in the order they were enrolled. */
  readonly delegates: FloorMember[];
  /** Elected as alternate; holds no seat. */
  readonly alternate: FloorMember;
  /** Moves the convention to the next phase (as the clerk); returns the receipt's position. */
  advance(to: string): Promise<string>;
}

const KINDS = [
  'ADOPT_RULE',
  'AMEND_RULE',
  'REPEAL_RULE',
  'CREATE_BODY',
  'ADOPT_COMMITMENT',
  'ADOPT_CAMPAIGN',
  'RESOLUTION',
];

export const floorRules = (overrides: Record<string, unknown> = {}) => ({
  thresholds: KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '1/2' : '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 1,
  deadlines: [],
  totalSeats: 5,
  minimumSeatsPerChapter: 1,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'APPROVAL',
  alternatesPerChapter: 1,
  lotSeed: 'floor-fixture',
  ...overrides,
});

function ok<T>(result: GraphQLResult<T>, what: string): T {
  if (result.errors !== undefined) throw new Error(`${what} failed: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export async function conventionWithDelegates(
  app: TestApp,
  options: {
    delegates?: number;
    /** Overrides of the fixture's rules of procedure; a function receives the chapter's id. */
    rules?: Record<string, unknown> | ((chapterId: string) => Record<string, unknown>);
  } = {},
): Promise<FloorConventionFixture> {
  const count = options.delegates ?? 5;
  const operator = await app.operatorToken();
  const chair = await app.enroll('Floor Chair');
  ok(
    await app.gql(
      `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
      { input: { memberId: chair.memberId } },
      { token: operator },
    ),
    'appointing the chair',
  );
  const { chapterId } = await app.foundChapter(chair.token, 'Floor chapter', null);
  const delegates: FloorMember[] = [];
  for (let index = 0; index < count; index += 1) delegates.push(await app.enroll(`Delegate ${index + 1}`));
  const alternate = await app.enroll('Alternate One');
  const clerk = await app.enroll('Floor Clerk');
  for (const member of [...delegates, alternate]) {
    ok(
      await app.gql(
        `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
        {
          input: { chapterId },
        },
        { token: member.token },
      ),
      'joining the chapter',
    );
  }
  const rules = typeof options.rules === 'function' ? options.rules(chapterId) : options.rules;
  return callConvention(app, { chair, clerk, chapterId, delegates, alternate, rules });
}

/**
 * Calls a convention (the previous one must be CLOSED), appoints the clerk, elects and credentials
 * the delegates in the chapter (the alternate as alternate) and moves it to PROPOSAL_SUBMISSION.
 */
export async function callConvention(
  app: TestApp,
  members: {
    chair: FloorMember;
    clerk: FloorMember;
    chapterId: string;
    delegates: FloorMember[];
    alternate: FloorMember;
    rules?: Record<string, unknown>;
    /**
     * Each voter's delegate ballot (voters are the delegates, then the alternate); by default
     * every delegate approves every delegate and the alternate approves only themself. With
     * `electionMethod: 'STV'` in the rules, pass rankings that elect the delegates.
     */
    ballot?: (voter: FloorMember, index: number) => { approved: string[] } | { ranking: string[] };
  },
): Promise<FloorConventionFixture> {
  const { chair, clerk, chapterId, delegates, alternate } = members;
  const count = delegates.length;
  const options = { rules: members.rules };
  const called = ok(
    await app.gql<{ callConvention: { conventionId: string } }>(
      `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
      { input: { title: 'Founding convention', rules: floorRules({ totalSeats: count, ...options.rules }) } },
      { token: chair.token },
    ),
    'calling the convention',
  );
  const { conventionId } = called.callConvention;
  ok(
    await app.gql(
      `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
      { input: { conventionId, memberId: clerk.memberId } },
      { token: chair.token },
    ),
    'appointing the clerk',
  );
  const advance = async (to: string): Promise<string> => {
    const result = ok(
      await app.gql<{ advanceConventionPhase: { receipt: { position: string } } }>(
        `mutation ($input: AdvanceConventionPhaseInput!) {
          advanceConventionPhase(input: $input) { receipt { position } }
        }`,
        { input: { conventionId, to } },
        { token: clerk.token },
      ),
      `advancing to ${to}`,
    );
    return result.advanceConventionPhase.receipt.position;
  };
  await advance('DELEGATE_SELECTION');
  const election = (extra: Record<string, unknown> = {}) => ({ input: { conventionId, chapterId, ...extra } });
  for (const member of [...delegates, alternate]) {
    ok(
      await app.gql(
        `mutation ($input: NominateDelegateInput!) { nominateDelegate(input: $input) { electionId } }`,
        election({ candidateId: member.memberId }),
        { token: member.token },
      ),
      'nominating',
    );
  }
  ok(
    await app.gql(
      `mutation ($input: DelegateElectionInput!) { openDelegateVoting(input: $input) { electionId } }`,
      election(),
      {
        token: clerk.token,
      },
    ),
    'opening the delegate election',
  );
  const everyDelegate = delegates.map((member) => member.memberId);
  const ballot =
    members.ballot ??
    ((member: FloorMember) => ({ approved: member === alternate ? [alternate.memberId] : everyDelegate }));
  for (const [index, member] of [...delegates, alternate].entries()) {
    ok(
      await app.gql(
        `mutation ($input: CastDelegateBallotInput!) { castDelegateBallot(input: $input) { electionId } }`,
        election(ballot(member, index)),
        { token: member.token },
      ),
      'voting for delegates',
    );
  }
  ok(
    await app.gql(
      `mutation ($input: DelegateElectionInput!) { closeDelegateVoting(input: $input) { electionId } }`,
      election(),
      {
        token: clerk.token,
      },
    ),
    'closing the delegate election',
  );
  for (const member of delegates) {
    ok(
      await app.gql(
        `mutation ($input: CredentialDelegateInput!) { credentialDelegate(input: $input) { electionId } }`,
        election({ memberId: member.memberId }),
        { token: clerk.token },
      ),
      'credentialing',
    );
  }
  await advance('PROPOSAL_SUBMISSION');
  return { conventionId, chapterId, chair, clerk, delegates, alternate, advance };
}
