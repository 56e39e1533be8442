import {
  FloorConventionFixture,
  FloorMember,
  callConvention,
  conventionWithDelegates,
} from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

const RECEIPT = 'receipt { position }';
const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId ${RECEIPT} } }`;
const SECOND = `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId ${RECEIPT} } }`;
const AMEND = `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId ${RECEIPT} } }`;
const ACCEPT_FRIENDLY = `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId ${RECEIPT} } }`;
const OPEN = `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId ${RECEIPT} } }`;
const CAST = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId seatId ${RECEIPT} } }`;
const CLOSE = `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId ${RECEIPT} } }`;

const RECORDED = 'position at eventType actor';
const TALLY = `method yesNo {
  outcome weighted { yes no abstain } voters { yes no abstain } cast participation
  quorum { fraction of base required met } threshold { kind fraction of comparison base required met }
}`;
const VOTE = `id method status electorateSeats electorateWeight
  rules { threshold { kind fraction of comparison } quorum { fraction of } }
  tally { ${TALLY} }
  opened { ${RECORDED} } closed { ${RECORDED} }
  rollCall(first: 5) {
    totalCount pageInfo { hasNextPage }
    nodes {
      seatId choice weight recorded { ${RECORDED} }
      delegate {
        member { memberId pseudonym } role chapterId chapterName
        election {
          id method seats ballotsCounted electedAtStage rank recorded { eventType }
          working { method ballots blank approvals { candidate approvals } elected alternates }
        }
        apportionment {
          method cutoffPosition totalSeats chapterId members seats quotient { exact decimal }
          awards { seat unit divisor quotient { exact } byLot } recorded { eventType }
        }
      }
    }
  }`;
const AMENDMENT = `id level decidedBy status mover { memberId pseudonym } operations { op clause text } proposedClauses
  moved { ${RECORDED} } decided { ${RECORDED} }`;
const RULE = `query ($id: UUID!, $wait: String, $asOf: String) {
  rule(id: $id, waitForPosition: $wait, asOf: $asOf) {
    id title status
    versions(first: 2) {
      totalCount
      nodes {
        version clauses consolidatedText enactedAt recorded { ${RECORDED} }
        enactment {
          proposalVersion
          proposal {
            id kind title sponsor { memberId pseudonym }
            seconders { member { memberId pseudonym } recorded { ${RECORDED} } }
            versions { version clauses madeBy amendmentId recorded { ${RECORDED} } }
            submitted { ${RECORDED} }
          }
          amendments {
            ${AMENDMENT}
            vote { id tally { ${TALLY} } rollCall(first: 3) { totalCount nodes { seatId choice delegate { member { pseudonym } } } } }
            secondaries {
              ${AMENDMENT}
              vote { id tally { ${TALLY} } rollCall(first: 3) { totalCount nodes { seatId choice delegate { member { pseudonym } } } } }
            }
          }
          vote { ${VOTE} }
        }
      }
    }
  }
}`;

const ORIGIN = `kind proposalId amendmentId mover { memberId pseudonym } movedAt recorded { ${RECORDED} }`;
const BLAME = `query ($id: UUID!, $wait: String) {
  rule(id: $id, waitForPosition: $wait) { versions(first: 5) { nodes {
    version clauses blame { number identity text shapedBy { ${ORIGIN} amendment { id level decidedBy } proposal { id title } } }
  } } }
}`;
const DIFF = `query ($id: UUID!, $from: Int!, $to: Int!, $wait: String, $asOf: String) {
  ruleDiff(ruleId: $id, from: $from, to: $to, waitForPosition: $wait, asOf: $asOf) {
    ruleId from to
    changes { change identity oldNumber newNumber oldText newText origin { kind proposalId amendmentId mover { pseudonym } } }
  }
}`;

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('rule provenance over GraphQL (e2e)', () => {
  let app: TestApp;
  let floor: FloorConventionFixture;
  let d: FloorMember[];
  const pseudonyms = ['Delegate 1', 'Delegate 2', 'Delegate 3'];
  const did: Record<string, string> = {};
  const casts: Record<string, Array<{ seatId: string; position: string; member: number; choice: string }>> = {};
  let ruleId: string;
  let enacted: string;
  let afterFriendly: string;
  let secondConvention: FloorConventionFixture;

  const gql = (query: string, input: Record<string, unknown>, token: string) => app.gql(query, { input }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    floor = await conventionWithDelegates(app, { delegates: 3 });
    d = floor.delegates;
    const { conventionId, clerk } = floor;

    const submitted = expectOk(
      await gql(
        SUBMIT,
        {
          conventionId,
          kind: 'ADOPT_RULE',
          title: 'Dues',
          clauses: ['Dues are one euro a month.', 'Members may be exempted.'],
        },
        d[0].token,
      ),
    ).submitProposal;
    did.proposal = submitted.proposalId;
    did.submittedAt = submitted.receipt.position;
    did.seconded = expectOk(
      await gql(SECOND, { proposalId: did.proposal }, d[1].token),
    ).secondProposal.receipt.position;
    await floor.advance('AMENDMENT');

    // First amendment: moved by delegate 2, accepted by the sponsor as friendly.
    const friendly = expectOk(
      await gql(
        AMEND,
        { proposalId: did.proposal, operations: [{ op: 'REPLACE', clause: 1, text: 'Dues are two euros a month.' }] },
        d[1].token,
      ),
    ).proposeAmendment;
    did.friendly = friendly.amendmentId;
    did.friendlyMoved = friendly.receipt.position;
    did.friendlyAccepted = expectOk(
      await gql(ACCEPT_FRIENDLY, { amendmentId: did.friendly }, d[0].token),
    ).acceptFriendlyAmendment.receipt.position;
    afterFriendly = did.friendlyAccepted;

    // Second amendment: moved by delegate 3 on version 2, shaped by a secondary from delegate 2, both voted.
    const primary = expectOk(
      await gql(
        AMEND,
        {
          proposalId: did.proposal,
          baseVersion: 2,
          operations: [{ op: 'INSERT_AFTER', clause: 2, text: 'Students pay nothing.' }],
        },
        d[2].token,
      ),
    ).proposeAmendment;
    did.primary = primary.amendmentId;
    did.primaryMoved = primary.receipt.position;
    const secondary = expectOk(
      await gql(
        AMEND,
        {
          proposalId: did.proposal,
          parentAmendmentId: did.primary,
          operations: [{ op: 'REPLACE', clause: 3, text: 'Students and retirees pay nothing.' }],
        },
        d[1].token,
      ),
    ).proposeAmendment;
    did.secondary = secondary.amendmentId;
    did.secondaryMoved = secondary.receipt.position;
    await floor.advance('DELIBERATION');
    await floor.advance('VOTING');

    const vote = async (name: string, subject: Record<string, unknown>, choices: string[]) => {
      const opened = expectOk(await gql(OPEN, { conventionId, ...subject }, clerk.token)).openConventionVote;
      did[name] = opened.voteId;
      did[`${name}Opened`] = opened.receipt.position;
      casts[name] = [];
      for (const [member, choice] of choices.entries()) {
        const cast = expectOk(await gql(CAST, { voteId: opened.voteId, choice }, d[member].token)).castConventionVote;
        casts[name].push({ seatId: cast.seatId, position: cast.receipt.position, member, choice });
      }
      did[`${name}Closed`] = expectOk(
        await gql(CLOSE, { voteId: opened.voteId }, clerk.token),
      ).closeConventionVote.receipt.position;
    };
    await vote('secondaryVote', { amendmentId: did.secondary }, ['YES', 'YES', 'NO']);
    await vote('primaryVote', { amendmentId: did.primary }, ['YES', 'YES', 'YES']);
    await vote('proposalVote', { proposalId: did.proposal }, ['YES', 'YES', 'ABSTAIN']);
    enacted = did.proposalVoteClosed;

    const charter = expectOk(
      await app.gql(
        `query ($wait: String) { charter(waitForPosition: $wait) { rules { nodes { id provenance { id title } } } } }`,
        {
          wait: enacted,
        },
      ),
    ).charter;
    expect(charter.rules.nodes).toHaveLength(1);
    ruleId = charter.rules.nodes[0].id;
    expect(charter.rules.nodes[0].provenance).toEqual({ id: ruleId, title: 'Dues' });
  }, 120_000);

  afterAll(async () => {
    await app.stop();
  });

  /**
   * The event a command recorded: a command's receipt names the position of its last event, so
   * the event behind a fact lies at or just before it (a vote's opening also puts its subject to the vote).
   */
  const inCommand = (receipt: string) => ({
    asymmetricMatch: (actual: unknown) =>
      typeof actual === 'string' && BigInt(actual) <= BigInt(receipt) && BigInt(actual) > BigInt(receipt) - 5n,
    toString: () => `a position of the command received at ${receipt}`,
    toAsymmetricMatcher: () => `position within the command received at ${receipt}`,
  });
  const recordedBy = (receipt: string, eventType: string, actor: unknown) =>
    expect.objectContaining({
      position: inCommand(receipt),
      eventType,
      actor,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

  it('answers how the rule was adopted in one query, at full depth, every link typed and recorded', async () => {
    const rule = expectOk(await app.gql(RULE, { id: ruleId, wait: enacted })).rule;
    expect(rule).toMatchObject({ id: ruleId, title: 'Dues', status: 'in-force' });
    expect(rule.versions.totalCount).toBe(1);
    const [version] = rule.versions.nodes;
    const finalClauses = [
      'Dues are two euros a month.',
      'Members may be exempted.',
      'Students and retirees pay nothing.',
    ];
    expect(version).toMatchObject({ version: 1, clauses: finalClauses });
    expect(version.recorded).toEqual(recordedBy(enacted, 'RuleAdopted', expect.anything()));

    // The proposal: sponsor, seconder, and every version with what made it.
    const { enactment } = version;
    expect(enactment.proposalVersion).toBe(3);
    expect(enactment.proposal).toMatchObject({
      id: did.proposal,
      kind: 'ADOPT_RULE',
      title: 'Dues',
      sponsor: { memberId: d[0].memberId, pseudonym: pseudonyms[0] },
    });
    expect(enactment.proposal.submitted).toEqual(recordedBy(did.submittedAt, 'ProposalSubmitted', pseudonyms[0]));
    expect(enactment.proposal.seconders).toEqual([
      {
        member: { memberId: d[1].memberId, pseudonym: pseudonyms[1] },
        recorded: recordedBy(did.seconded, 'ProposalSeconded', pseudonyms[1]),
      },
    ]);
    expect(enactment.proposal.versions.map((v: any) => [v.version, v.madeBy, v.amendmentId, v.clauses])).toEqual([
      [1, 'submission', null, ['Dues are one euro a month.', 'Members may be exempted.']],
      [2, 'friendly-amendment', did.friendly, ['Dues are two euros a month.', 'Members may be exempted.']],
      [3, 'adopted-amendment', did.primary, finalClauses],
    ]);
    expect(enactment.proposal.versions[1].recorded).toEqual(
      recordedBy(did.friendlyAccepted, 'ProposalFriendlyAmendmentAccepted', pseudonyms[0]),
    );
    expect(enactment.proposal.versions[2].recorded).toMatchObject({ eventType: 'ProposalAmendedByVote' });

    // The amendments: the friendly one, and the voted one with its secondary nested under it.
    const [friendly, primary, ...others] = enactment.amendments;
    expect(others).toEqual([]);
    expect(friendly).toMatchObject({
      id: did.friendly,
      level: 'PRIMARY',
      decidedBy: 'FRIENDLY',
      status: 'ACCEPTED_AS_FRIENDLY',
      mover: { memberId: d[1].memberId, pseudonym: pseudonyms[1] },
      operations: [{ op: 'REPLACE', clause: 1, text: 'Dues are two euros a month.' }],
      vote: null,
      secondaries: [],
    });
    expect(friendly.moved).toEqual(recordedBy(did.friendlyMoved, 'AmendmentProposed', pseudonyms[1]));
    expect(friendly.decided).toMatchObject({ eventType: 'AmendmentAcceptedAsFriendly', actor: pseudonyms[0] });
    expect(primary).toMatchObject({
      id: did.primary,
      level: 'PRIMARY',
      decidedBy: 'VOTED',
      status: 'ADOPTED',
      mover: { memberId: d[2].memberId, pseudonym: pseudonyms[2] },
      operations: [{ op: 'INSERT_AFTER', clause: 2, text: 'Students pay nothing.' }],
    });
    expect(primary.moved).toEqual(recordedBy(did.primaryMoved, 'AmendmentProposed', pseudonyms[2]));
    expect(primary.decided).toMatchObject({ eventType: 'AmendmentAdopted' });
    expect(primary.vote.id).toBe(did.primaryVote);
    expect(primary.vote.tally.yesNo).toMatchObject({
      outcome: 'adopted',
      weighted: { yes: '3', no: '0', abstain: '0' },
    });
    expect(primary.secondaries).toHaveLength(1);
    const [secondary] = primary.secondaries;
    expect(secondary).toMatchObject({
      id: did.secondary,
      level: 'SECONDARY',
      decidedBy: 'VOTED',
      status: 'ADOPTED',
      mover: { memberId: d[1].memberId, pseudonym: pseudonyms[1] },
      operations: [{ op: 'REPLACE', clause: 3, text: 'Students and retirees pay nothing.' }],
    });
    expect(secondary.moved).toEqual(recordedBy(did.secondaryMoved, 'AmendmentProposed', pseudonyms[1]));
    expect(secondary.vote.id).toBe(did.secondaryVote);
    expect(secondary.vote.tally.yesNo).toMatchObject({
      outcome: 'adopted',
      weighted: { yes: '2', no: '1', abstain: '0' },
      voters: { yes: 2, no: 1, abstain: 0 },
    });
    expect(
      secondary.vote.rollCall.nodes.map((entry: any) => [entry.seatId, entry.choice, entry.delegate.member.pseudonym]),
    ).toEqual(
      [...casts.secondaryVote]
        .sort((a, b) => a.seatId.localeCompare(b.seatId))
        .map((cast) => [cast.seatId, cast.choice, pseudonyms[cast.member]]),
    );

    // The vote on the proposal: rules, typed tally with its working, and its roll call.
    const { vote } = enactment;
    expect(vote).toMatchObject({ id: did.proposalVote, method: 'yes-no', status: 'CLOSED', electorateSeats: 3 });
    expect(vote.rules.quorum).toEqual({ fraction: '1/2', of: expect.any(String) });
    expect(vote.tally).toMatchObject({
      method: 'yes-no',
      yesNo: {
        outcome: 'adopted',
        weighted: { yes: '2', no: '0', abstain: '1' },
        voters: { yes: 2, no: 0, abstain: 1 },
        cast: '2',
        participation: '3',
        quorum: { fraction: '1/2', met: true },
        threshold: { fraction: '2/3', met: true },
      },
    });
    expect(vote.opened).toEqual(recordedBy(did.proposalVoteOpened, 'ConventionVoteOpened', 'Floor Clerk'));
    expect(vote.closed).toEqual(recordedBy(did.proposalVoteClosed, 'ConventionVoteClosed', 'Floor Clerk'));
    expect(vote.rollCall).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    const expected = [...casts.proposalVote].sort((a, b) => a.seatId.localeCompare(b.seatId));
    expect(vote.rollCall.nodes.map((entry: any) => [entry.seatId, entry.choice, entry.recorded])).toEqual(
      expected.map((cast) => [
        cast.seatId,
        cast.choice,
        recordedBy(cast.position, 'ConventionBallotCast', pseudonyms[cast.member]),
      ]),
    );

    // Each voting delegate: chapter, the election that seated them, the apportionment behind the seats.
    const convention = expectOk(
      await app.gql(
        `query ($id: ID!) { convention(id: $id) { apportionment { cutoffPosition method chapters { chapterId members seats } } } }`,
        { id: floor.conventionId },
      ),
    ).convention;
    const [chapterSeats] = convention.apportionment.chapters;
    for (const [index, entry] of vote.rollCall.nodes.entries()) {
      const cast = expected[index];
      expect(entry.delegate).toMatchObject({
        member: { memberId: d[cast.member].memberId, pseudonym: pseudonyms[cast.member] },
        role: 'DELEGATE',
        chapterId: floor.chapterId,
        chapterName: 'Floor chapter',
        election: {
          method: 'APPROVAL',
          seats: 3,
          // Three delegates and the alternate voted in the fixture's election.
          ballotsCounted: 4,
          electedAtStage: null,
          recorded: { eventType: 'DelegateElectionTallied' },
          working: { method: 'approval', ballots: 4, blank: 0 },
        },
        apportionment: {
          method: 'SAINTE_LAGUE',
          cutoffPosition: convention.apportionment.cutoffPosition,
          totalSeats: 3,
          chapterId: floor.chapterId,
          members: chapterSeats.members,
          seats: 3,
          recorded: { eventType: 'SeatsApportioned' },
        },
      });
      expect(entry.delegate.election.working.elected).toHaveLength(3);
      expect(entry.delegate.election.working.elected).toContain(d[cast.member].memberId);
      expect(entry.delegate.election.rank).toBe(
        entry.delegate.election.working.elected.indexOf(d[cast.member].memberId) + 1,
      );
      expect(entry.delegate.election.working.approvals).toContainEqual({
        candidate: d[cast.member].memberId,
        approvals: 3,
      });
    }
  });

  it('blames each clause of the adopted text on the proposal or amendment whose own operation produced it', async () => {
    const [version] = expectOk(await app.gql(BLAME, { id: ruleId, wait: enacted })).rule.versions.nodes;
    expect(version.blame.map((clause: any) => clause.text)).toEqual(version.clauses);
    expect(version.blame.map((clause: any) => clause.number)).toEqual([1, 2, 3]);
    expect(new Set(version.blame.map((clause: any) => clause.identity)).size).toBe(3);
    const [first, second, third] = version.blame.map((clause: any) => clause.shapedBy);
    // Clause 1 was reworded by the friendly amendment, moved by delegate 2.
    expect(first).toMatchObject({
      kind: 'PRIMARY_AMENDMENT',
      proposalId: did.proposal,
      amendmentId: did.friendly,
      mover: { memberId: d[1].memberId, pseudonym: pseudonyms[1] },
      amendment: { id: did.friendly, level: 'PRIMARY', decidedBy: 'FRIENDLY' },
    });
    expect(first.recorded).toEqual(recordedBy(did.friendlyMoved, 'AmendmentProposed', pseudonyms[1]));
    expect(first.movedAt).toBe(first.recorded.at);
    // Clause 2 is the proposal's own, as the sponsor submitted it.
    expect(second).toMatchObject({
      kind: 'PROPOSAL',
      proposalId: did.proposal,
      amendmentId: null,
      mover: { memberId: d[0].memberId, pseudonym: pseudonyms[0] },
      amendment: null,
      proposal: { id: did.proposal, title: 'Dues' },
    });
    expect(second.recorded).toEqual(recordedBy(did.submittedAt, 'ProposalSubmitted', pseudonyms[0]));
    // Clause 3 was inserted by delegate 3's primary, but its words are the secondary's replace,
    // moved by delegate 2: the secondary is what produced the text, so it takes the blame.
    expect(third).toMatchObject({
      kind: 'SECONDARY_AMENDMENT',
      proposalId: did.proposal,
      amendmentId: did.secondary,
      mover: { memberId: d[1].memberId, pseudonym: pseudonyms[1] },
      amendment: { id: did.secondary, level: 'SECONDARY', decidedBy: 'VOTED' },
    });
    expect(third.recorded).toEqual(recordedBy(did.secondaryMoved, 'AmendmentProposed', pseudonyms[1]));
    // The primary shaped no text of its own that survived: it is blamed for nothing.
    expect(version.blame.some((clause: any) => clause.shapedBy.amendmentId === did.primary)).toBe(false);
  });

  it('pages the roll call by seat', async () => {
    const page = `query ($id: UUID!, $after: String) { rule(id: $id) { versions { nodes { enactment { vote {
      rollCall(first: 2, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { seatId } } } } } } } }`;
    const first = expectOk(await app.gql(page, { id: ruleId })).rule.versions.nodes[0].enactment.vote.rollCall;
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = expectOk(await app.gql(page, { id: ruleId, after: first.pageInfo.endCursor })).rule.versions.nodes[0]
      .enactment.vote.rollCall;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...first.nodes, ...rest.nodes].map((n: any) => n.seatId)).toEqual(
      casts.proposalVote.map((cast) => cast.seatId).sort(),
    );
  });

  it('answers as of a moment before the rule was enacted with NOT_FOUND', async () => {
    const result = await app.gql(RULE, { id: ruleId, asOf: afterFriendly });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RULE_NOT_FOUND' });
  });

  it('refuses an unknown rule id with RULE_NOT_FOUND, and a malformed id before resolving', async () => {
    const unknown = await app.gql(RULE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.data).toBeNull();
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RULE_NOT_FOUND' });
    expect(unknown.errors?.[0]?.message).toContain('00000000-0000-4000-8000-000000000000');

    const malformed = await app.gql(RULE, { id: 'not-a-uuid' });
    expect(malformed.data ?? null).toBeNull();
    expect(malformed.errors?.[0]?.message).toMatch(/UUID/i);

    const badCursor = await app.gql(`query ($id: UUID!) { rule(id: $id) { versions(after: "!!") { totalCount } } }`, {
      id: ruleId,
    });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
  it('a later convention amends the rule: a second version with its own proposal and vote; asOf the first enactment shows one', async () => {
    await floor.advance('RATIFICATION');
    await floor.advance('CLOSED');
    const second = await callConvention(app, {
      chair: floor.chair,
      clerk: floor.clerk,
      chapterId: floor.chapterId,
      delegates: d,
      alternate: floor.alternate,
    });
    const clauses = ['Dues are three euros a month.', 'Members may be exempted.'];
    const submittedAmending = expectOk(
      await gql(
        SUBMIT,
        {
          conventionId: second.conventionId,
          kind: 'AMEND_RULE',
          title: 'Higher dues',
          ruleId,
          ruleVersion: 1,
          clauses,
        },
        d[2].token,
      ),
    ).submitProposal;
    const amending = submittedAmending.proposalId;
    did.amending = amending;
    did.amendingSubmitted = submittedAmending.receipt.position;
    expectOk(await gql(SECOND, { proposalId: amending }, d[0].token));
    for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) await second.advance(phase);
    const voteId = expectOk(
      await gql(OPEN, { conventionId: second.conventionId, proposalId: amending }, floor.clerk.token),
    ).openConventionVote.voteId;
    for (const delegate of d) expectOk(await gql(CAST, { voteId, choice: 'YES' }, delegate.token));
    const closed = expectOk(await gql(CLOSE, { voteId }, floor.clerk.token)).closeConventionVote.receipt.position;
    did.secondEnacted = closed;
    secondConvention = second;

    const versions = `query ($id: UUID!, $wait: String, $asOf: String) {
      rule(id: $id, waitForPosition: $wait, asOf: $asOf) { versions(first: 5) { totalCount nodes {
        version clauses recorded { eventType position }
        enactment { proposalVersion proposal { id kind title sponsor { pseudonym } }
          vote { id tally { yesNo { outcome weighted { yes no abstain } } } rollCall(first: 5) { totalCount } } }
      } } }
    }`;
    const now = expectOk(await app.gql(versions, { id: ruleId, wait: closed })).rule.versions;
    expect(now.totalCount).toBe(2);
    expect(now.nodes[1]).toMatchObject({
      version: 2,
      clauses,
      recorded: { eventType: 'RuleAmended', position: inCommand(closed) },
      enactment: {
        proposalVersion: 1,
        proposal: { id: amending, kind: 'AMEND_RULE', title: 'Higher dues', sponsor: { pseudonym: pseudonyms[2] } },
        vote: {
          id: voteId,
          tally: { yesNo: { outcome: 'adopted', weighted: { yes: '3', no: '0', abstain: '0' } } },
          rollCall: { totalCount: 3 },
        },
      },
    });
    expect(now.nodes[0].enactment.proposal.id).toBe(did.proposal);
    const then = expectOk(await app.gql(versions, { id: ruleId, asOf: enacted })).rule.versions;
    expect(then.totalCount).toBe(1);
    expect(then.nodes.map((node: any) => node.version)).toEqual([1]);

    // One version by its number, as a client opening a version page asks: the same node as in
    // the list; null for a number the rule does not have (yet).
    const one = `query ($id: UUID!, $asOf: String, $n: Int!) {
      rule(id: $id, asOf: $asOf) { version(number: $n) { version clauses recorded { eventType position } } }
    }`;
    expect(expectOk(await app.gql(one, { id: ruleId, n: 2 })).rule.version).toEqual({
      version: 2,
      clauses: now.nodes[1].clauses,
      recorded: now.nodes[1].recorded,
    });
    expect(expectOk(await app.gql(one, { id: ruleId, n: 2, asOf: enacted })).rule.version).toBeNull();
    expect(expectOk(await app.gql(one, { id: ruleId, n: 0 })).rule.version).toBeNull();
  });

  it('a third convention redrafts it with a friendly insertion: blame of every version, and the diffs 1→2, 2→3 and 1→3 by clause identity', async () => {
    await secondConvention.advance('RATIFICATION');
    await secondConvention.advance('CLOSED');
    const third = await callConvention(app, {
      chair: floor.chair,
      clerk: floor.clerk,
      chapterId: floor.chapterId,
      delegates: d,
      alternate: floor.alternate,
    });
    const redraft = expectOk(
      await gql(
        SUBMIT,
        {
          conventionId: third.conventionId,
          kind: 'AMEND_RULE',
          title: 'Dues by chapter',
          ruleId,
          ruleVersion: 2,
          clauses: [
            'Dues are three euros a month.',
            'Members may be exempted by their chapter.',
            'Dues are paid yearly.',
          ],
        },
        d[0].token,
      ),
    ).submitProposal;
    did.redraft = redraft.proposalId;
    expectOk(await gql(SECOND, { proposalId: did.redraft }, d[1].token));
    await third.advance('AMENDMENT');
    // Delegate 2 inserts a clause before the first: every later clause is renumbered.
    const insertion = expectOk(
      await gql(
        AMEND,
        { proposalId: did.redraft, operations: [{ op: 'INSERT_AFTER', clause: 0, text: 'Every member pays dues.' }] },
        d[1].token,
      ),
    ).proposeAmendment;
    did.insertion = insertion.amendmentId;
    expectOk(await gql(ACCEPT_FRIENDLY, { amendmentId: did.insertion }, d[0].token));
    for (const phase of ['DELIBERATION', 'VOTING']) await third.advance(phase);
    const voteId = expectOk(
      await gql(OPEN, { conventionId: third.conventionId, proposalId: did.redraft }, floor.clerk.token),
    ).openConventionVote.voteId;
    for (const delegate of d) expectOk(await gql(CAST, { voteId, choice: 'YES' }, delegate.token));
    const closed = expectOk(await gql(CLOSE, { voteId }, floor.clerk.token)).closeConventionVote.receipt.position;

    const versions = expectOk(await app.gql(BLAME, { id: ruleId, wait: closed })).rule.versions.nodes;
    expect(versions.map((version: any) => version.version)).toEqual([1, 2, 3]);

    // The three conventions, listed in the order they were called, page by page.
    const CONVENTIONS = `query ($first: Int, $after: String, $wait: String) {
      conventions(first: $first, after: $after, waitForPosition: $wait) {
        totalCount pageInfo { endCursor hasNextPage } nodes { id title phase }
      }
    }`;
    const firstPage = expectOk(await app.gql(CONVENTIONS, { first: 2, wait: closed })).conventions;
    expect(firstPage).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const lastPage = expectOk(
      await app.gql(CONVENTIONS, { first: 2, after: firstPage.pageInfo.endCursor, wait: closed }),
    ).conventions;
    expect(lastPage.pageInfo.hasNextPage).toBe(false);
    expect([...firstPage.nodes, ...lastPage.nodes].map((convention: any) => convention.id)).toEqual([
      floor.conventionId,
      secondConvention.conventionId,
      third.conventionId,
    ]);
    expect(lastPage.nodes[0].phase).toBe('VOTING');
    const blame = (version: number) =>
      versions[version - 1].blame.map((clause: any) => [
        clause.number,
        clause.text,
        clause.shapedBy.kind,
        clause.shapedBy.amendmentId ?? clause.shapedBy.proposalId,
        clause.shapedBy.mover.pseudonym,
      ]);
    const identities = (version: number) => versions[version - 1].blame.map((clause: any) => clause.identity);
    const [dues, exempted, students] = identities(1);

    // Version 2, delegate 3's redraft: the reworded clause is theirs, the one left as it was keeps its blame.
    expect(blame(2)).toEqual([
      [1, 'Dues are three euros a month.', 'PROPOSAL', did.amending, pseudonyms[2]],
      [2, 'Members may be exempted.', 'PROPOSAL', did.proposal, pseudonyms[0]],
    ]);
    expect(identities(2)).toEqual([dues, exempted]);
    expect(versions[1].blame[0].shapedBy.recorded).toEqual(
      recordedBy(did.amendingSubmitted, 'ProposalSubmitted', pseudonyms[2]),
    );
    // Version 3: the friendly insertion is delegate 2's, the rest delegate 1's redraft or older.
    expect(blame(3)).toEqual([
      [1, 'Every member pays dues.', 'PRIMARY_AMENDMENT', did.insertion, pseudonyms[1]],
      [2, 'Dues are three euros a month.', 'PROPOSAL', did.amending, pseudonyms[2]],
      [3, 'Members may be exempted by their chapter.', 'PROPOSAL', did.redraft, pseudonyms[0]],
      [4, 'Dues are paid yearly.', 'PROPOSAL', did.redraft, pseudonyms[0]],
    ]);
    expect(versions[2].blame[0].shapedBy.recorded).toEqual(
      recordedBy(insertion.receipt.position, 'AmendmentProposed', pseudonyms[1]),
    );
    const [inserted, , , yearly] = identities(3);
    expect(identities(3)).toEqual([inserted, dues, exempted, yearly]);
    expect(new Set([dues, exempted, students, inserted, yearly]).size).toBe(5);

    const diff = async (from: number, to: number) => {
      const result = expectOk(await app.gql(DIFF, { id: ruleId, from, to })).ruleDiff;
      expect(result).toMatchObject({ ruleId, from, to });
      return result.changes.map((change: any) => [
        change.change,
        change.identity,
        change.oldNumber,
        change.newNumber,
        change.oldText,
        change.newText,
        change.origin === null
          ? null
          : [change.origin.kind, change.origin.amendmentId ?? change.origin.proposalId, change.origin.mover.pseudonym],
      ]);
    };
    const byAmending = ['PROPOSAL', did.amending, pseudonyms[2]];
    const byRedraft = ['PROPOSAL', did.redraft, pseudonyms[0]];
    const byInsertion = ['PRIMARY_AMENDMENT', did.insertion, pseudonyms[1]];
    expect(await diff(1, 2)).toEqual([
      ['CHANGED', dues, 1, 1, 'Dues are two euros a month.', 'Dues are three euros a month.', byAmending],
      ['UNCHANGED', exempted, 2, 2, 'Members may be exempted.', 'Members may be exempted.', null],
      // Left out of delegate 3's redraft.
      ['REMOVED', students, 3, null, 'Students and retirees pay nothing.', null, byAmending],
    ]);
    expect(await diff(2, 3)).toEqual([
      ['ADDED', inserted, null, 1, null, 'Every member pays dues.', byInsertion],
      // Renumbered from 1 to 2 by the insertion, not a change.
      ['UNCHANGED', dues, 1, 2, 'Dues are three euros a month.', 'Dues are three euros a month.', null],
      ['CHANGED', exempted, 2, 3, 'Members may be exempted.', 'Members may be exempted by their chapter.', byRedraft],
      ['ADDED', yearly, null, 4, null, 'Dues are paid yearly.', byRedraft],
    ]);
    expect(await diff(1, 3)).toEqual([
      ['ADDED', inserted, null, 1, null, 'Every member pays dues.', byInsertion],
      ['CHANGED', dues, 1, 2, 'Dues are two euros a month.', 'Dues are three euros a month.', byAmending],
      ['CHANGED', exempted, 2, 3, 'Members may be exempted.', 'Members may be exempted by their chapter.', byRedraft],
      ['REMOVED', students, 3, null, 'Students and retirees pay nothing.', null, byAmending],
      ['ADDED', yearly, null, 4, null, 'Dues are paid yearly.', byRedraft],
    ]);
    // A version diffed with itself: every clause unchanged.
    expect((await diff(3, 3)).map((change: any[]) => [change[0], change[2], change[3], change[6]])).toEqual([
      ['UNCHANGED', 1, 1, null],
      ['UNCHANGED', 2, 2, null],
      ['UNCHANGED', 3, 3, null],
      ['UNCHANGED', 4, 4, null],
    ]);

    // As of the second enactment version 3 does not exist yet.
    const before = await app.gql(DIFF, { id: ruleId, from: 1, to: 3, asOf: did.secondEnacted });
    expect(before.data).toBeNull();
    expect(before.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_RULE_VERSION',
      fields: [{ field: 'to', reason: 'UNKNOWN_RULE_VERSION' }],
    });
    expect(before.errors?.[0]?.message).toContain('its versions are 1 to 2');
    expect(
      expectOk(await app.gql(DIFF, { id: ruleId, from: 1, to: 2, asOf: did.secondEnacted })).ruleDiff.changes,
    ).toHaveLength(3);
  });

  it('refuses a diff of an unknown rule, of versions that do not exist, or backwards, each with its reason', async () => {
    const refusal = async (variables: Record<string, unknown>) => {
      const result = await app.gql(DIFF, { id: ruleId, ...variables });
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      return { message: result.errors![0].message, extensions: result.errors![0].extensions };
    };
    const unknownRule = await refusal({ id: '00000000-0000-4000-8000-000000000000', from: 1, to: 2 });
    expect(unknownRule.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RULE_NOT_FOUND' });
    const unknownVersions = await refusal({ from: 0, to: 4 });
    expect(unknownVersions.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_RULE_VERSION',
      fields: [
        { field: 'from', reason: 'UNKNOWN_RULE_VERSION' },
        { field: 'to', reason: 'UNKNOWN_RULE_VERSION' },
      ],
    });
    expect(unknownVersions.message).toContain(`rule ${ruleId} has no version 4; its versions are 1 to 3`);
    const backwards = await refusal({ from: 3, to: 1 });
    expect(backwards.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RULE_VERSIONS_OUT_OF_ORDER',
      fields: [{ field: 'to' }],
    });
    expect(backwards.message).toContain('must not be before from (3)');
    const notAnInt = await refusal({ from: 'one', to: 2 });
    expect(notAnInt.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
