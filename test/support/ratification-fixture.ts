import type { GraphQLResult } from './test-app';

/** A member as the tests use one: id and development token. */
export type FixtureMember = { memberId: string; token: string };

/**
 * What the fixture needs of a running API: TestApp in the tests (supertest), a plain HTTP client
 * in the benchmark, so both drive the convention the same way.
 */
export interface GraphQLClient {
  gql<Data = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string },
  ): Promise<GraphQLResult<Data>>;
  operatorToken(): Promise<string>;
  enroll(pseudonym: string): Promise<FixtureMember>;
  foundChapter(token: string, name: string, region: string | null): Promise<{ chapterId: string }>;
}

const PROPOSAL_KINDS = [
  'ADOPT_RULE',
  'AMEND_RULE',
  'REPEAL_RULE',
  'CREATE_BODY',
  'ADOPT_COMMITMENT',
  'ADOPT_CAMPAIGN',
  'RESOLUTION',
];

function ok<T = Record<string, any>>(result: GraphQLResult<T>, what: string): T {
  if (result.errors !== undefined) throw new Error(`${what} failed: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

export interface ConventionInRatification {
  readonly operator: string;
  /** On the committee; called the convention, founded the chapter and holds its only seat. */
  readonly chair: FixtureMember;
  /** The convention's secretariat. */
  readonly clerk: FixtureMember;
  readonly chapterId: string;
  readonly conventionId: string;
  /** Position of the last write, for waitForPosition. */
  readonly position: string;
  /** Moves the convention to its next phase as the secretariat; returns the receipt's position. */
  advance(to: string): Promise<string>;
}

/**
 * Drives a convention over GraphQL to its RATIFICATION phase with the least it needs: a
 * committee of one, one chapter with one seat, the chair elected to it by approval, and every
 * phase advanced by the secretariat (up to VOTING only, when asked to stop before RATIFICATION). No proposals: the charter's content is not this fixture's.
 */
export async function conventionInRatification(
  app: GraphQLClient,
  options: { ratificationThreshold?: string; stopBefore?: 'RATIFICATION' } = {},
): Promise<ConventionInRatification> {
  const operator = await app.operatorToken();
  const chair = await app.enroll('Chair Person');
  ok(
    await app.gql(
      `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
      { input: { memberId: chair.memberId } },
      { token: operator },
    ),
    'appointing the committee',
  );
  const { chapterId } = await app.foundChapter(chair.token, 'Founding Hall', null);
  const rules = {
    thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '2/3' })),
    quorum: '1/2',
    amendmentDepth: 2,
    friendlyAmendments: true,
    seconders: 0,
    deadlines: [],
    totalSeats: 1,
    minimumSeatsPerChapter: 0,
    apportionmentMethod: 'SAINTE_LAGUE',
    electionMethod: 'APPROVAL',
    alternatesPerChapter: 0,
    lotSeed: 'ratification-fixture',
    ...(options.ratificationThreshold === undefined ? {} : { ratificationThreshold: options.ratificationThreshold }),
  };
  const { conventionId } = ok(
    await app.gql(
      `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
      { input: { title: 'Founding convention', rules } },
      { token: chair.token },
    ),
    'calling the convention',
  ).callConvention;
  const clerk = await app.enroll('Clerk Kent');
  ok(
    await app.gql(
      `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
      { input: { conventionId, memberId: clerk.memberId } },
      { token: chair.token },
    ),
    'appointing the secretariat',
  );
  const advance = async (to: string) =>
    ok(
      await app.gql(
        `mutation ($input: AdvanceConventionPhaseInput!) {
          advanceConventionPhase(input: $input) { phase receipt { position } }
        }`,
        { input: { conventionId, to } },
        { token: clerk.token },
      ),
      `advancing to ${to}`,
    ).advanceConventionPhase.receipt.position as string;
  await advance('DELEGATE_SELECTION');
  const election = (extra: Record<string, unknown> = {}) => ({ input: { conventionId, chapterId, ...extra } });
  ok(
    await app.gql(
      `mutation ($input: NominateDelegateInput!) { nominateDelegate(input: $input) { electionId } }`,
      election({ candidateId: chair.memberId }),
      { token: chair.token },
    ),
    'nominating',
  );
  ok(
    await app.gql(
      `mutation ($input: DelegateElectionInput!) { openDelegateVoting(input: $input) { electionId } }`,
      election(),
      { token: clerk.token },
    ),
    'opening the delegate election',
  );
  ok(
    await app.gql(
      `mutation ($input: CastDelegateBallotInput!) { castDelegateBallot(input: $input) { electionId } }`,
      election({ approved: [chair.memberId] }),
      { token: chair.token },
    ),
    'voting for a delegate',
  );
  ok(
    await app.gql(
      `mutation ($input: DelegateElectionInput!) { closeDelegateVoting(input: $input) { electionId } }`,
      election(),
      { token: clerk.token },
    ),
    'closing the delegate election',
  );
  let position = '0';
  for (const phase of ['PROPOSAL_SUBMISSION', 'AMENDMENT', 'DELIBERATION', 'VOTING', 'RATIFICATION']) {
    if (phase === options.stopBefore) break;
    position = await advance(phase);
  }
  return { operator, chair, clerk, chapterId, conventionId, position, advance };
}
