import { randomUUID } from 'node:crypto';
import { CharterEvent, charterStream } from '../../libs/proposals/src';
import { conventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const PUBLISH = `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`;
const OPEN = `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`;
const CAST = `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { referendumId } }`;
const CLOSE = `mutation ($input: CloseReferendumInput!) {
  closeReferendum(input: $input) { ratified receipt { position } }
}`;
const STRUCTURE = `query ($wait: String) {
  organizationStructure(waitForPosition: $wait) {
    phase
    final { commitments { id title clauses origin interimVersion proposalId } }
  }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/**
 * The rule: the interim commitments stay in force after ratification until the charter replaces
 * them, which it does by adopting commitments of its own (the charter's commitments in the
 * charter-commitment case are covered by the ratification e2e test).
 */
describe('commitments in force in the final structure (e2e)', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await TestApp.start();
  });

  afterEach(async () => {
    await app.stop();
  });

  /** Publishes two versions of the interim commitments, then ratifies the charter; returns the close's position. */
  async function ratify(principles: string[], beforeReferendum: () => Promise<void> = async () => undefined) {
    const convention = await conventionInRatification(app);
    expectOk(await app.gql(PUBLISH, { input: { principles: ['Draft.'] } }, { token: convention.chair.token }));
    expectOk(await app.gql(PUBLISH, { input: { principles } }, { token: convention.chair.token }));
    await beforeReferendum();
    const { referendumId } = expectOk(
      await app.gql(OPEN, { input: { conventionId: convention.conventionId } }, { token: convention.clerk.token }),
    ).openReferendum;
    expectOk(await app.gql(CAST, { input: { referendumId, choice: 'YES' } }, { token: convention.chair.token }));
    const closed = expectOk(
      await app.gql(CLOSE, { input: { referendumId } }, { token: convention.clerk.token }),
    ).closeReferendum;
    expect(closed.ratified).toBe(true);
    return closed.receipt.position as string;
  }

  it('keeps the interim commitments in force when the ratified charter adopted none', async () => {
    const principles = ['We work for peace.', 'Members decide.'];
    const position = await ratify(principles);
    const structure = expectOk(await app.gql(STRUCTURE, { wait: position })).organizationStructure;
    expect(structure).toEqual({
      phase: 'FINAL',
      final: {
        commitments: [
          {
            id: 'interim-commitments-2',
            title: 'Interim commitments, version 2',
            clauses: principles,
            origin: 'INTERIM',
            interimVersion: 2,
            proposalId: null,
          },
        ],
      },
    });
  }, 60_000);

  it('shows only the charter commitments once the charter adopts commitments of its own', async () => {
    const position = await ratify(['We work for peace.'], async () => {
      // Adoption is the floor's work (its e2e tests drive it); here the charter stream is given directly.
      const at = new Date().toISOString();
      const adopted: CharterEvent = {
        type: 'CommitmentAdopted',
        data: {
          commitmentId: 'peace-and-openness',
          title: 'Peace and openness',
          clauses: ['We work for peace.', 'We meet in public.'],
          origin: { proposalId: 'P7', proposalVersion: 1, voteId: 'vote-P7', amendmentIds: [] },
          adoptedAt: at,
        },
      };
      const commandId = randomUUID();
      await app.store.appendToStream(
        charterStream(),
        [
          {
            id: randomUUID(),
            type: adopted.type,
            data: adopted.data,
            metadata: {
              commandId,
              correlationId: commandId,
              causationId: commandId,
              actor: { kind: 'operator', name: 'test' },
              acceptedAt: at,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    });
    const structure = expectOk(await app.gql(STRUCTURE, { wait: position })).organizationStructure;
    expect(structure.final.commitments).toEqual([
      {
        id: 'peace-and-openness',
        title: 'Peace and openness',
        clauses: ['We work for peace.', 'We meet in public.'],
        origin: 'CHARTER',
        interimVersion: null,
        proposalId: 'P7',
      },
    ]);
  }, 60_000);
});
