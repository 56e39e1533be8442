/**
 * Every GraphQL document the page sends, in one place. Page sizes are literals, never
 * variables: the request-cost limit prices a variable `first` at its maximum.
 */
/** The typed tally of a convention vote: enough for the table and the chart. */
const TALLY = `tally { method yesNo { outcome voters { yes no abstain } } ranked { outcome winner } }`;

/** What each of the charter's lists shows of a node. */
const CHARTER_NODES = {
  rules: `id title status versions { version enactedAt clauses enactment { voteId } } repealedBy { voteId }`,
  bodies: `id title clauses enactedAt composition { role seats }`,
  commitments: `id title clauses enactedAt`,
  campaigns: `id title clauses enactedAt`,
} as const;
export type CharterList = keyof typeof CHARTER_NODES;

const PAGE = `totalCount pageInfo { endCursor hasNextPage }`;

export const CHARTER = `query Charter($asOf: String) {
  charter(asOf: $asOf) {
    ${(Object.keys(CHARTER_NODES) as CharterList[])
      .map((list) => `${list}(first: 100) { ${PAGE} nodes { ${CHARTER_NODES[list]} } }`)
      .join('\n    ')}
  }
}`;

/** The next page of one of the charter's lists, as of the same date. */
export const charterPage = (list: CharterList): string => `query CharterPage($asOf: String, $after: String) {
  charter(asOf: $asOf) { ${list}(first: 100, after: $after) { ${PAGE} nodes { ${CHARTER_NODES[list]} } } }
}`;

export const RULE = `query Rule($id: UUID!, $asOf: String) {
  rule(id: $id, asOf: $asOf) {
    id title status
    versions(first: 200) { totalCount nodes { version enactedAt clauses enactment { vote { id ${TALLY} } } } }
  }
}`;

export const VOTE = `query Vote($id: ID!) {
  conventionVote(id: $id) { id method outcome openedAt closedAt electorateSeats ${TALLY} participation { ballots } }
}`;

const CHAPTER_NODES = `name kind region memberCount`;

export const STRUCTURE = `query Structure($asOf: String) {
  organizationStructure(asOf: $asOf) {
    phase
    ratification { outcome decidedAt }
    interim { committee { pseudonym } branches { name } chapters(first: 100) { ${PAGE} nodes { ${CHAPTER_NODES} } } }
    final { bodies(first: 100) { ${PAGE} nodes { name mandate composition { role seats } } } rules(first: 100) { ${PAGE} nodes { title } } }
  }
}`;

/** The next page of the interim structure's chapters, as of the same date. */
export const STRUCTURE_CHAPTERS = `query StructureChapters($asOf: String, $after: String) {
  organizationStructure(asOf: $asOf) { interim { chapters(first: 100, after: $after) { ${PAGE} nodes { ${CHAPTER_NODES} } } } }
}`;

/** The event behind a link of the provenance chain: its log position is what the verify view proves. */
const RECORDED = `position at eventType actor`;

/** A convention vote as the provenance chain types it: rules, electorate, the tally with its working. */
const PROVENANCE_VOTE = `id method status electorateSeats electorateWeight
  rules { threshold { kind fraction of comparison } quorum { fraction of } }
  tally {
    method
    yesNo {
      outcome cast participation voters { yes no abstain } weighted { yes no abstain }
      threshold { kind fraction of comparison base required met }
      quorum { fraction of base required met }
    }
    ranked { outcome winner leader }
  }
  opened { ${RECORDED} } closed { ${RECORDED} }`;

const AMENDMENT = `id level decidedBy status mover { pseudonym } operations { op clause text }
  moved { ${RECORDED} } decided { ${RECORDED} }`;

/** One page of a vote's roll call, with how each voter came to hold the seat. */
const ROLL_CALL_PAGE = `rollCall(first: 100, after: $rollCallAfter) {
  totalCount pageInfo { endCursor hasNextPage }
  nodes {
    seatId choice ranking weight recorded { ${RECORDED} }
    delegate {
      member { pseudonym } role chapterId chapterName
      election { id method seats ballotsCounted electedAtStage rank recorded { ${RECORDED} } }
      apportionment { method cutoffPosition totalSeats members seats quotient { exact decimal } recorded { ${RECORDED} } }
    }
  }
}`;

/** The versions of a rule, for the version list of the provenance view. */
export const PROVENANCE_VERSIONS = `query RuleVersions($id: UUID!, $asOf: String) {
  rule(id: $id, asOf: $asOf) { id title status versions(first: 200) { nodes { version enactedAt } } }
}`;

/** What set a clause's text: the proposal or amendment, its mover, when, and the drafting event. */
const CLAUSE_ORIGIN = `kind proposalId amendmentId mover { pseudonym } movedAt recorded { ${RECORDED} }`;

/** A clause-by-clause diff between two versions of a rule. */
export const RULE_DIFF = `query RuleDiff($id: UUID!, $from: Int!, $to: Int!, $asOf: String) {
  ruleDiff(ruleId: $id, from: $from, to: $to, asOf: $asOf) {
    from to
    changes { change identity oldNumber newNumber oldText newText origin { ${CLAUSE_ORIGIN} } }
  }
}`;

/** A page of the committee's decision tracker; the filter is a variable, the page size a literal. */
export const DECISIONS = `query Decisions($filter: DecisionFilter, $after: String, $asOf: String) {
  decisions(filter: $filter, first: 20, after: $after, asOf: $asOf) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes {
      id kind body bodyId subject status openedAt deadline closedAt
      waitingOn { party description outstanding of }
      opened { ${RECORDED} } closed { ${RECORDED} }
    }
  }
}`;

/** How one version of a rule was adopted, to the depth the provenance view shows. */
export const PROVENANCE = `query RuleProvenance($id: UUID!, $asOf: String, $version: Int!, $rollCallAfter: String) {
  rule(id: $id, asOf: $asOf) {
    version(number: $version) {
      version clauses enactedAt recorded { ${RECORDED} }
      blame { number text shapedBy { ${CLAUSE_ORIGIN} } }
      enactment {
        proposalVersion
        proposal {
          id kind title sponsor { pseudonym }
          seconders { member { pseudonym } recorded { ${RECORDED} } }
          versions { version clauses madeBy recorded { ${RECORDED} } }
          submitted { ${RECORDED} }
        }
        amendments {
          ${AMENDMENT}
          vote { ${PROVENANCE_VOTE} }
          secondaries { ${AMENDMENT} vote { ${PROVENANCE_VOTE} } }
        }
        vote { ${PROVENANCE_VOTE} ${ROLL_CALL_PAGE} }
      }
    }
  }
}`;

/** The next page of the roll call of the vote behind one version. */
export const PROVENANCE_ROLL_CALL = `query RollCall($id: UUID!, $asOf: String, $version: Int!, $rollCallAfter: String) {
  rule(id: $id, asOf: $asOf) { version(number: $version) { enactment { vote { ${ROLL_CALL_PAGE} } } } }
}`;

/** The convention a vote belongs to: where its delegates' elections and apportionment are. */
export const VOTE_CONVENTION = `query VoteConvention($id: ID!) { conventionVote(id: $id) { conventionId } }`;

export const ELECTION = `query Election($conventionId: ID!, $chapterId: ID!) {
  delegateElection(conventionId: $conventionId, chapterId: $chapterId) {
    id method seats alternates ballots status
    nominations { candidateId pseudonym }
    tally {
      elected alternates
      working {
        method ballots blank quota elected alternates
        approvals { candidate approvals }
        stages {
          stage action transferring elected excluded nonTransferablePapers
          transfers { papers transferValue value }
          lines { candidate votes change status }
        }
        lots { context order }
      }
    }
  }
  chapter(id: $chapterId) { name }
}`;

/** The tally event of a delegate election, from the decision tracker. */
export const DECISION_RECORDED = `query DecisionRecorded($id: UUID!) { decision(id: $id) { opened { ${RECORDED} } closed { ${RECORDED} } } }`;

export const APPORTIONMENT = `query Apportionment($id: ID!) {
  convention(id: $id) {
    id title
    apportionment {
      method totalSeats minimumSeatsPerChapter cutoffPosition apportionedAt
      chapters { chapterId name members seats }
      working {
        totalPopulation
        awards { seat unit divisor quotient { exact decimal } byLot }
        hamiltonRounds { seats population raisedToMinimum lines { unit floor quota { exact decimal } remainder { exact decimal } extraSeat byLot } }
        lots { context order }
      }
    }
  }
}`;

export const LEDGER_CHECKPOINT = `query Checkpoint { ledgerCheckpoint { treeSize rootHash signature publicKey } }`;

export const LEDGER_ENTRY = `query Entry($position: String!, $treeSize: Int) {
  ledgerEntry(position: $position, treeSize: $treeSize) { position leafIndex leaf treeSize auditPath }
}`;

export const PUBLISHED_BALLOT = `query Ballot($referendumId: ID!, $tracker: String!) {
  referendumCount(referendumId: $referendumId, tracker: $tracker) { tracker choice }
}`;

export class ApiError extends Error {
  constructor(
    message: string,
    /** The error's `extensions.code` (NOT_FOUND, INVALID_INPUT …), when the API gave one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** POSTs one operation as application/json (the only body the API's request gate accepts). */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(new URL('/graphql', location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  if (body.errors !== undefined && body.errors.length > 0)
    throw new ApiError(body.errors[0].message, body.errors[0].extensions?.code ?? null);
  if (body.data === undefined) throw new ApiError(`HTTP ${response.status}`);
  return body.data;
}
