import { FloorConventionFixture, conventionWithDelegates } from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const RECEIPT = 'receipt { position }';
const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CLOSE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CONVENTION = `query ($id: ID) { convention(id: $id) { rules { seatWeights { chapterId weight } } } }`;
const VOTE = `query ($id: ID!, $wait: String) {
  conventionVote(id: $id, waitForPosition: $wait) {
    id method status outcome winner tally { method yesNo { outcome weighted { yes no abstain } voters { yes no abstain } participation quorum { base met } threshold { kind met } } ranked { leader winner againstStatusQuo { outcome weighted { yes no abstain } threshold { kind } } } } rollCall { nodes { seatId weight choice ranking } }
  }
}`;
const PROPOSALS = `query ($conventionId: ID, $wait: String) {
  proposals(conventionId: $conventionId, waitForPosition: $wait) { nodes { id status } }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** Rules the floor's fixture does not exercise: seat weights, thresholds and "none of these" in ranked votes. */
describe('rules of procedure on the floor (e2e)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await TestApp.start();
    floor = await conventionWithDelegates(app, {
      delegates: 3,
      rules: (chapterId) => ({ seatWeights: [{ chapterId, weight: '1.5' }] }),
    });
    const d = floor.delegates;
    const submit = async (by: number, input: Record<string, unknown>): Promise<string> => {
      const proposalId = expectOk(
        await app.gql(SUBMIT, { input: { conventionId: floor.conventionId, ...input } }, { token: d[by].token }),
      ).submitProposal.proposalId as string;
      expectOk(await app.gql(SECOND, { input: { proposalId } }, { token: d[(by + 1) % 3].token }));
      return proposalId;
    };
    ids.thanks = await submit(0, { kind: 'RESOLUTION', title: 'Thanks', clauses: ['We thank the hosts.'] });
    ids.weekly = await submit(0, { kind: 'ADOPT_RULE', title: 'Weekly', subject: 'Meetings', clauses: ['Weekly.'] });
    ids.monthly = await submit(1, { kind: 'ADOPT_RULE', title: 'Monthly', subject: 'Meetings', clauses: ['Monthly.'] });
    ids.red = await submit(1, { kind: 'ADOPT_RULE', title: 'Red', subject: 'Colour', clauses: ['Red.'] });
    ids.blue = await submit(2, { kind: 'ADOPT_RULE', title: 'Blue', subject: 'Colour', clauses: ['Blue.'] });
    ids.thanks2 = await submit(2, { kind: 'RESOLUTION', title: 'Thanks 2', subject: 'Hosts', clauses: ['Thanks.'] });
    ids.thanks3 = await submit(1, { kind: 'RESOLUTION', title: 'Thanks 3', subject: 'Hosts', clauses: ['Merci.'] });
    await floor.advance('AMENDMENT');
    await floor.advance('DELIBERATION');
    await floor.advance('VOTING');
  }, 90_000);

  afterAll(async () => {
    await app.stop();
  });

  async function vote(input: Record<string, unknown>, ballots: Array<Record<string, unknown>>) {
    const voteId = expectOk(
      await app.gql(OPEN, { input: { conventionId: floor.conventionId, ...input } }, { token: floor.clerk.token }),
    ).openConventionVote.voteId as string;
    for (const [index, ballot] of ballots.entries()) {
      expectOk(await app.gql(CAST, { input: { voteId, ...ballot } }, { token: floor.delegates[index].token }));
    }
    const closed = expectOk(
      await app.gql(CLOSE, { input: { voteId } }, { token: floor.clerk.token }),
    ).closeConventionVote;
    return expectOk(await app.gql(VOTE, { id: voteId, wait: closed.receipt.position })).conventionVote;
  }

  it('weighs each seat as the rules of procedure give its chapter', async () => {
    const { convention } = expectOk(await app.gql(CONVENTION, { id: floor.conventionId }));
    expect(convention.rules.seatWeights).toEqual([{ chapterId: floor.chapterId, weight: '3/2' }]);

    const view = await vote({ proposalId: ids.thanks }, [{ choice: 'YES' }, { choice: 'NO' }, { choice: 'YES' }]);
    expect(view.rollCall.nodes.map((entry: { weight: string }) => entry.weight)).toEqual(['3/2', '3/2', '3/2']);
    const tally = view.tally.yesNo;
    expect(tally.weighted).toEqual({ yes: '3', no: '3/2', abstain: '0' });
    expect(tally.participation).toBe('9/2');
    expect(tally.quorum).toMatchObject({ base: '9/2' });
    expect(view.outcome).toBe('adopted');
  });

  async function statusOf(proposalIds: string[]): Promise<string[]> {
    const { proposals } = expectOk(await app.gql(PROPOSALS, { conventionId: floor.conventionId }));
    return proposalIds.map((id) => proposals.nodes.find((proposal: { id: string }) => proposal.id === id).status);
  }

  it('a ranked vote adopts nothing when "none of these" wins', async () => {
    const view = await vote({ competingProposalIds: [ids.weekly, ids.monthly], subject: 'Meetings' }, [
      { ranking: ['none-of-these', ids.weekly] },
      { ranking: ['none-of-these'] },
      { ranking: [ids.monthly, ids.weekly] },
    ]);
    expect(view).toMatchObject({ method: 'ranked', outcome: 'decided', winner: null });
    expect(view.tally.ranked).toMatchObject({ leader: 'none-of-these', againstStatusQuo: null });
    expect(await statusOf([ids.weekly, ids.monthly])).toEqual(['REJECTED', 'REJECTED']);
  });

  it("a ranked vote adopts the leader only if it beats no change by the kind's threshold", async () => {
    // Red leads, but two seats of three prefer it to no change: two thirds of ADOPT_RULE is met
    // exactly; a ballot that puts "none of these" first would have left it short.
    const view = await vote({ competingProposalIds: [ids.red, ids.blue], subject: 'Colour' }, [
      { ranking: [ids.red, ids.blue] },
      { ranking: [ids.red, 'none-of-these', ids.blue] },
      { ranking: ['none-of-these', ids.blue, ids.red] },
    ]);
    expect(view.tally.ranked).toMatchObject({
      leader: ids.red,
      againstStatusQuo: { outcome: 'adopted', weighted: { yes: '3', no: '3/2' }, threshold: { kind: 'two-thirds' } },
    });
    expect(view.winner).toBe(ids.red);
    expect(await statusOf([ids.red, ids.blue])).toEqual(['ADOPTED', 'REJECTED']);
  });

  it('refuses a ranking of anything but the proposals and "none of these", appending nothing', async () => {
    const voteId = expectOk(
      await app.gql(
        OPEN,
        {
          input: {
            conventionId: floor.conventionId,
            competingProposalIds: [ids.thanks2, ids.thanks3],
            subject: 'Hosts',
          },
        },
        { token: floor.clerk.token },
      ),
    ).openConventionVote.voteId;
    const refused = await app.expectNothingAppended(() =>
      app.gql(CAST, { input: { voteId, ranking: ['none-of-all', ids.thanks2] } }, { token: floor.delegates[0].token }),
    );
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(refused.errors![0].message).toContain('none-of-these');
  });
});
