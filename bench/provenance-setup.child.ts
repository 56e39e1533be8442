import 'reflect-metadata';
import {
  FloorConventionFixture,
  FloorMember,
  callConvention,
  conventionWithDelegates,
} from '../test/support/convention-fixture';
import { GraphQLResult, TestApp } from '../test/support/test-app';
import { reportToParent } from './bench-support';

/**
 * Builds the store the provenance benchmark reads, through the real API (GraphQL over HTTP, the
 * e2e tests' fixtures): a founding convention with `delegates` elected delegates that adopts a
 * rule after three amendments (one friendly, one voted primary shaped by a voted secondary),
 * then `amending` later conventions that each re-elect the delegates and amend the rule once
 * more (each proposal after a friendly amendment). Every vote is a roll call of every seat.
 * Arguments: `<data dir> <delegates> <amending conventions>`. Reports the rule's id and the log
 * head; the data directory is left closed, ready for a server to open.
 */

export interface ProvenanceSetup {
  readonly ruleId: string;
  readonly head: string;
  readonly delegates: number;
  readonly ruleVersions: number;
  readonly votes: number;
  readonly ballots: number;
}

const RECEIPT = 'receipt { position }';
const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
const AMEND = `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const ACCEPT_FRIENDLY = `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId ${RECEIPT} } }`;
const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CLOSE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;
/** Ballots sent at once: the API serialises the appends, this only keeps HTTP busy meanwhile. */
const CAST_BATCH = 10;

function ok<T = Record<string, any>>(result: GraphQLResult<T>, what: string): T {
  if (result.errors !== undefined) throw new Error(`${what} failed: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/** A seat's choice: mostly yes, some no and abstentions, so every vote carries at two thirds. */
const choiceOf = (seat: number) => (seat % 10 === 3 ? 'NO' : seat % 10 === 7 ? 'ABSTAIN' : 'YES');

async function build(dataDir: string, delegateCount: number, amendingConventions: number): Promise<ProvenanceSetup> {
  const app = await TestApp.start({ PLENARY_DATA_DIR: dataDir });
  let votes = 0;
  let ballots = 0;
  try {
    const gql = (query: string, input: Record<string, unknown>, member: FloorMember, what: string) =>
      app.gql(query, { input }, { token: member.token }).then((result) => ok(result, what));

    /** Opens a vote on a proposal or amendment, every delegate casts, the clerk closes it. */
    const rollCall = async (floor: FloorConventionFixture, subject: Record<string, unknown>): Promise<string> => {
      const { voteId } = (
        await gql(OPEN, { conventionId: floor.conventionId, ...subject }, floor.clerk, 'opening a vote')
      ).openConventionVote;
      for (let start = 0; start < floor.delegates.length; start += CAST_BATCH) {
        await Promise.all(
          floor.delegates
            .slice(start, start + CAST_BATCH)
            .map((delegate, index) =>
              gql(CAST, { voteId, choice: choiceOf(start + index) }, delegate, 'casting a ballot'),
            ),
        );
      }
      votes += 1;
      ballots += floor.delegates.length;
      return (await gql(CLOSE, { voteId }, floor.clerk, 'closing a vote')).closeConventionVote.receipt.position;
    };

    const founding = await conventionWithDelegates(app, { delegates: delegateCount });
    const d = founding.delegates;
    const proposalId = (
      await gql(
        SUBMIT,
        {
          conventionId: founding.conventionId,
          kind: 'ADOPT_RULE',
          title: 'Dues',
          clauses: ['Dues are one euro a month.', 'Members may be exempted.'],
        },
        d[0],
        'submitting the rule',
      )
    ).submitProposal.proposalId;
    await gql(SECOND, { proposalId }, d[1], 'seconding');
    await founding.advance('AMENDMENT');
    const friendly = (
      await gql(
        AMEND,
        { proposalId, operations: [{ op: 'REPLACE', clause: 1, text: 'Dues are two euros a month.' }] },
        d[1],
        'moving the friendly amendment',
      )
    ).proposeAmendment.amendmentId;
    await gql(ACCEPT_FRIENDLY, { amendmentId: friendly }, d[0], 'accepting it as friendly');
    const primary = (
      await gql(
        AMEND,
        { proposalId, baseVersion: 2, operations: [{ op: 'INSERT_AFTER', clause: 2, text: 'Students pay nothing.' }] },
        d[2],
        'moving the first primary',
      )
    ).proposeAmendment.amendmentId;
    const secondary = (
      await gql(
        AMEND,
        {
          proposalId,
          parentAmendmentId: primary,
          operations: [{ op: 'REPLACE', clause: 3, text: 'Students and retirees pay nothing.' }],
        },
        d[3],
        'moving the secondary',
      )
    ).proposeAmendment.amendmentId;
    await founding.advance('DELIBERATION');
    await founding.advance('VOTING');
    await rollCall(founding, { amendmentId: secondary });
    await rollCall(founding, { amendmentId: primary });
    let head = await rollCall(founding, { proposalId });

    const charter = ok(
      await app.gql(`query ($wait: String) { charter(waitForPosition: $wait) { rules(first: 1) { nodes { id } } } }`, {
        wait: head,
      }),
      'reading the charter',
    ).charter;
    const ruleId: string = charter.rules.nodes[0].id;

    let previous = founding;
    for (let round = 1; round <= amendingConventions; round += 1) {
      await previous.advance('RATIFICATION');
      await previous.advance('CLOSED');
      const next = await callConvention(app, {
        chair: founding.chair,
        clerk: founding.clerk,
        chapterId: founding.chapterId,
        delegates: d,
        alternate: founding.alternate,
      });
      const amending = (
        await gql(
          SUBMIT,
          {
            conventionId: next.conventionId,
            kind: 'AMEND_RULE',
            title: `Dues, revision ${round}`,
            ruleId,
            ruleVersion: round,
            clauses: [
              `Dues are ${round + 2} euros a month.`,
              'Members may be exempted.',
              'Students and retirees pay nothing.',
            ],
          },
          d[round % d.length],
          'submitting an amendment of the rule',
        )
      ).submitProposal.proposalId;
      await gql(SECOND, { proposalId: amending }, d[(round + 1) % d.length], 'seconding');
      await next.advance('AMENDMENT');
      const tweak = (
        await gql(
          AMEND,
          {
            proposalId: amending,
            operations: [{ op: 'REPLACE', clause: 2, text: `Members may be exempted (revision ${round}).` }],
          },
          d[(round + 2) % d.length],
          'moving a friendly amendment',
        )
      ).proposeAmendment.amendmentId;
      await gql(ACCEPT_FRIENDLY, { amendmentId: tweak }, d[round % d.length], 'accepting it as friendly');
      await next.advance('DELIBERATION');
      await next.advance('VOTING');
      head = await rollCall(next, { proposalId: amending });
      previous = next;
    }

    const versions = ok(
      await app.gql(
        `query ($id: UUID!, $wait: String) { rule(id: $id, waitForPosition: $wait) { versions { totalCount } } }`,
        {
          id: ruleId,
          wait: head,
        },
      ),
      'reading the rule',
    ).rule.versions.totalCount as number;
    if (versions !== amendingConventions + 1)
      throw new Error(`the rule has ${versions} versions, not ${amendingConventions + 1}`);
    return { ruleId, head, delegates: d.length, ruleVersions: versions, votes, ballots };
  } finally {
    await app.stop();
  }
}

function main(): Promise<ProvenanceSetup> {
  const [dataDir, delegates, amending] = process.argv.slice(2);
  if (dataDir === undefined || delegates === undefined || amending === undefined) {
    throw new Error('usage: provenance-setup.child.ts <data dir> <delegates> <amending conventions>');
  }
  return build(dataDir, Number(delegates), Number(amending));
}

reportToParent(main);
