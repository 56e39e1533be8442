/**
 * Every GraphQL document the page sends, in one place: when the typed audit read models
 * (rule provenance, blame, diff, decision tracker) reach the API, only these documents and the
 * view that shows them change.
 */
/** The typed tally of a convention vote: enough for the table and the chart. */
const TALLY = `tally { method yesNo { outcome voters { yes no abstain } } ranked { outcome winner } }`;

export const CHARTER = `query Charter($asOf: String) {
  charter(asOf: $asOf) {
    rules { id title status versions { version enactedAt clauses enactment { voteId } } repealedBy { voteId } }
    bodies { id title clauses enactedAt composition { role seats } }
    commitments { id title clauses enactedAt }
    campaigns { id title clauses enactedAt }
  }
}`;

export const RULE = `query Rule($asOf: String) {
  charter(asOf: $asOf) {
    rules {
      id title status
      versions { version enactedAt clauses consolidatedText enactment { proposalId proposalVersion voteId amendmentIds ${TALLY} } }
      repealedBy { voteId ${TALLY} }
    }
  }
}`;

export const VOTE = `query Vote($id: ID!) {
  conventionVote(id: $id) { id method outcome openedAt closedAt electorateSeats ${TALLY} participation { ballots } }
}`;

export const STRUCTURE = `query Structure($asOf: String) {
  organizationStructure(asOf: $asOf) {
    phase
    ratification { outcome decidedAt }
    interim { committee { pseudonym } branches { name } chapters { name kind region memberCount } }
    final { bodies { name mandate composition { role seats } } rules { title } }
  }
}`;

export const LEDGER_CHECKPOINT = `query Checkpoint { ledgerCheckpoint { treeSize rootHash signature publicKey } }`;

export const LEDGER_ENTRY = `query Entry($position: String!, $treeSize: Int) {
  ledgerEntry(position: $position, treeSize: $treeSize) { position leafIndex leaf treeSize auditPath }
}`;

export const PUBLISHED_BALLOT = `query Ballot($referendumId: ID!, $tracker: String!) {
  referendumCount(referendumId: $referendumId, tracker: $tracker) { tracker choice }
}`;

export class ApiError extends Error {}

/** POSTs one operation as application/json (the only body the API's request gate accepts). */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(new URL('/graphql', location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors !== undefined && body.errors.length > 0) throw new ApiError(body.errors[0].message);
  if (body.data === undefined) throw new ApiError(`HTTP ${response.status}`);
  return body.data;
}
