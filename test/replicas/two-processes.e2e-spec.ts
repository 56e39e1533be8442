import { ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeTempDir } from '../../libs/testing/src';
import { floorRules } from '../support/convention-fixture';

/**
 * Two API processes on one store: the shape of two replicas on EventStoreDB. Each is a real
 * server in its own process on the same event store file, key vault and signing keys, with its
 * own read-model and ledger files. A small convention is built through both; then, for each
 * kind of vote, clients hammer both processes with ballots while the close is sent to one, and
 * afterwards the ballots answered with success are exactly the ones counted, and every ballot
 * answered VOTE_CLOSED is listed as late. Also: contact details sealed through one process
 * open through the other, a secret ballot cast through both counts once, and the added
 * read-your-writes latency of a write on one process read on the other is measured.
 *
 * Size: REPLICAS_BALLOTS (default 120) ballots per vote kind, from REPLICAS_VOTERS voters.
 */

const ROOT = join(__dirname, '..', '..');
const BALLOTS = Number(process.env.REPLICAS_BALLOTS ?? 120);
const VOTERS = Number(process.env.REPLICAS_VOTERS ?? 12);
const SEATS = 4;
const RYW_SAMPLES = 20;

type Result = {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
};
type Member = { memberId: string; token: string };

class Replica {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(name: string, env: Record<string, string>): Promise<Replica> {
    const child = fork(join(ROOT, 'scripts', 'run-ts.js'), [join(__dirname, 'replica.child.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`replica ${name} exited (${code}) before listening`)));
    });
    return new Replica(name, child, port);
  }

  async gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Result> {
    const response = await fetch(`http://127.0.0.1:${this.port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Result;
  }

  async ok(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Record<string, any>> {
    const result = await this.gql(query, variables, token);
    if (result.errors !== undefined) throw new Error(`${this.name}: ${JSON.stringify(result.errors)}`);
    return result.data!;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}

/** What one ballot's mutation answered: success with its receipt position, or an error reason (with the late ballot's position). */
type Answer =
  { ok: true; position: bigint; key: string; choice: string } | { ok: false; reason: string; position?: bigint };

function answerOf(result: Result, field: string, key: string, choice: string): Answer {
  if (result.errors === undefined) {
    return { ok: true, position: BigInt(result.data![field].receipt.position as string), key, choice };
  }
  const extensions = result.errors[0].extensions ?? {};
  return {
    ok: false,
    reason: String(extensions.reason),
    position: extensions.ballotPosition === undefined ? undefined : BigInt(extensions.ballotPosition as string),
  };
}

/** Each key's success with the greatest position: what the count must hold. */
function latestSuccesses(answers: readonly Answer[]): Map<string, { position: bigint; choice: string }> {
  const latest = new Map<string, { position: bigint; choice: string }>();
  for (const answer of answers) {
    if (!answer.ok) continue;
    const known = latest.get(answer.key);
    if (known === undefined || answer.position > known.position) latest.set(answer.key, answer);
  }
  return latest;
}

/**
 * Sends `total` ballots, alternating between the replicas, a few at a time, and the close to
 * `closer` once about half have been sent; returns every ballot's answer and the close's.
 */
async function hammer(
  replicas: readonly Replica[],
  total: number,
  cast: (replica: Replica, index: number) => Promise<Answer>,
  close: () => Promise<unknown>,
  spacingMs = 0,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let closing: Promise<unknown> | undefined;
  const inFlight = new Set<Promise<void>>();
  for (let index = 0; index < total; index += 1) {
    if (index === Math.floor(total / 2)) closing = close();
    const sent = cast(replicas[index % replicas.length], index).then((answer) => {
      answers.push(answer);
    });
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 8) await Promise.race(inFlight);
    if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  await Promise.all(inFlight);
  await closing;
  return answers;
}

function expectOnlyKnownRefusals(answers: readonly Answer[], allowed: readonly string[]): void {
  const reasons = new Set(answers.flatMap((answer) => (answer.ok ? [] : [answer.reason])));
  for (const reason of reasons) expect(allowed).toContain(reason);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], share: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))];

describe('two API processes on one store (replicas)', () => {
  const dir = makeTempDir('plenary-replicas-');
  let a: Replica;
  let b: Replica;
  const env = (name: string) => ({
    PLENARY_DATA_DIR: dir.path,
    PLENARY_READ_MODEL_PATH: join(dir.path, `read-models-${name}.sqlite`),
    PLENARY_LEDGER_PATH: join(dir.path, `ledger-${name}.sqlite`),
    PLENARY_LOG_LEVEL: 'silent',
    PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '20000',
  });

  let operator: string;
  let chair: Member;
  let clerk: Member;
  let chapterId: string;
  let conventionId: string;
  const voters: Member[] = [];
  const both = () => [a, b];

  const enroll = async (replica: Replica, pseudonym: string, contact?: string): Promise<Member> => {
    const { enrollMember } = await replica.ok(
      `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token } }`,
      { input: { pseudonym, ...(contact === undefined ? {} : { contact }) } },
    );
    return { memberId: enrollMember.memberId as string, token: enrollMember.token as string };
  };
  const advance = (to: string) =>
    a.ok(
      `mutation ($input: AdvanceConventionPhaseInput!) { advanceConventionPhase(input: $input) { receipt { position } } }`,
      { input: { conventionId, to } },
      clerk.token,
    );
  const head = async (replica: Replica): Promise<string> =>
    (await replica.ok(`{ readModelPosition }`)).readModelPosition as string;

  beforeAll(async () => {
    // One after the other: the first makes the store, the vault and the signing keys.
    a = await Replica.start('A', env('a'));
    b = await Replica.start('B', env('b'));
    operator = (await a.ok(`mutation { issueDevToken(input: { kind: OPERATOR, subject: "replicas" }) { token } }`))
      .issueDevToken.token as string;
    await a.ok(
      `mutation ($input: SetInterimRulesInput!) { setInterimRules(input: $input) { version } }`,
      {
        input: {
          rules: {
            minimumSupport: { numerator: 4, denominator: 5 },
            maximumObjections: 1,
            minimumChapterFounders: 1,
          },
        },
      },
      operator,
    );
    chair = await enroll(a, 'Replica Chair');
    await b.ok(
      `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
      { input: { memberId: chair.memberId } },
      operator,
    );
    chapterId = (
      await a.ok(
        `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId status } }`,
        { input: { name: 'Replica chapter', kind: 'ONLINE' } },
        chair.token,
      )
    ).foundChapter.chapterId as string;
    for (let index = 0; index < VOTERS; index += 1) {
      const replica = both()[index % 2];
      const voter = await enroll(replica, `Replica voter ${index}`);
      await replica.ok(
        `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
        { input: { chapterId } },
        voter.token,
      );
      voters.push(voter);
    }
    clerk = await enroll(b, 'Replica Clerk');
    conventionId = (
      await b.ok(
        `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
        {
          input: {
            title: 'Replica convention',
            rules: floorRules({ totalSeats: SEATS, alternatesPerChapter: 0, quorum: '1/4' }),
          },
        },
        chair.token,
      )
    ).callConvention.conventionId as string;
    await a.ok(
      `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
      { input: { conventionId, memberId: clerk.memberId } },
      chair.token,
    );
    await advance('DELEGATE_SELECTION');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    dir.remove();
  });

  it('a member enrolled through one process reads their contact details through the other', async () => {
    const { enrollMember } = await a.ok(
      `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { token receipt { position } } }`,
      { input: { pseudonym: 'Sealed Replica', contact: 'sealed@example.org' } },
    );
    const { me } = await b.ok(
      `query ($wait: String) { me(waitForPosition: $wait) { pseudonym contact } }`,
      { wait: enrollMember.receipt.position },
      enrollMember.token,
    );
    expect(me).toEqual({ pseudonym: 'Sealed Replica', contact: 'sealed@example.org' });
  });

  it('delegate election: ballots answered with success are the ones counted; VOTE_CLOSED ones are late', async () => {
    const election = (extra: Record<string, unknown> = {}) => ({ input: { conventionId, chapterId, ...extra } });
    const candidates = voters.slice(0, SEATS);
    for (const candidate of candidates) {
      await a.ok(
        `mutation ($input: NominateDelegateInput!) { nominateDelegate(input: $input) { electionId } }`,
        election({ candidateId: candidate.memberId }),
        candidate.token,
      );
    }
    await b.ok(
      `mutation ($input: DelegateElectionInput!) { openDelegateVoting(input: $input) { electionId } }`,
      election(),
      clerk.token,
    );
    const answers = await hammer(
      both(),
      BALLOTS,
      async (replica, index) => {
        const voter = voters[index % voters.length];
        // Each ballot differs from the voter's previous one, so every accepted cast appends.
        const approved = [candidates[index % SEATS].memberId];
        const result = await replica.gql(
          `mutation ($input: CastDelegateBallotInput!) { castDelegateBallot(input: $input) { receipt { position } } }`,
          election({ approved }),
          voter.token,
        );
        return answerOf(result, 'castDelegateBallot', voter.memberId, approved[0]);
      },
      () =>
        a.ok(
          `mutation ($input: DelegateElectionInput!) { closeDelegateVoting(input: $input) { receipt { position } } }`,
          election(),
          clerk.token,
        ),
    );
    expectOnlyKnownRefusals(answers, ['VOTE_CLOSED', 'DELEGATE_VOTING_NOT_OPEN']);
    const { delegateElection } = await b.ok(
      `query ($c: ID!, $ch: ID!, $wait: String) { delegateElection(conventionId: $c, chapterId: $ch, waitForPosition: $wait) {
        status ballots lateBallotPositions tally { elected working { approvals { candidate approvals } } } } }`,
      { c: conventionId, ch: chapterId, wait: await head(a) },
    );
    expect(delegateElection.status).toBe('TALLIED');
    const counted = latestSuccesses(answers);
    expect(delegateElection.ballots).toBe(counted.size);
    // Approval counts per candidate: each voter's latest accepted ballot, and nothing else.
    const expected: Record<string, number> = {};
    for (const { choice } of counted.values()) expected[choice] = (expected[choice] ?? 0) + 1;
    const working = delegateElection.tally.working as {
      approvals: Array<{ candidate: string; approvals: number }>;
    };
    expect(
      Object.fromEntries(
        working.approvals
          .filter(({ approvals }) => approvals > 0)
          .map(({ candidate, approvals }) => [candidate, approvals]),
      ),
    ).toEqual(expected);
    const late = answers.flatMap((answer) => (!answer.ok && answer.reason === 'VOTE_CLOSED' ? [answer.position!] : []));
    expect([...delegateElection.lateBallotPositions].map(BigInt).sort()).toEqual([...late].sort());
    report('delegate election', answers);
  });

  it('convention vote: ballots answered with success are the ones counted; VOTE_CLOSED ones are late', async () => {
    const delegates = voters.slice(0, SEATS);
    for (const delegate of delegates) {
      await a.ok(
        `mutation ($input: CredentialDelegateInput!) { credentialDelegate(input: $input) { electionId } }`,
        { input: { conventionId, chapterId, memberId: delegate.memberId } },
        clerk.token,
      );
    }
    await advance('PROPOSAL_SUBMISSION');
    const { proposalId } = (
      await a.ok(
        `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
        { input: { conventionId, kind: 'RESOLUTION', title: 'Replicas agree', clauses: ['They do.'] } },
        delegates[0].token,
      )
    ).submitProposal;
    await b.ok(
      `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
      { input: { proposalId } },
      delegates[1].token,
    );
    for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) await advance(phase);
    const { voteId } = (
      await b.ok(
        `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
        { input: { conventionId, proposalId } },
        clerk.token,
      )
    ).openConventionVote;
    const choices = ['YES', 'NO', 'ABSTAIN'];
    const answers = await hammer(
      both(),
      BALLOTS,
      async (replica, index) => {
        const delegate = delegates[index % SEATS];
        const choice = choices[Math.floor(index / SEATS) % choices.length];
        const result = await replica.gql(
          `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { receipt { position } } }`,
          { input: { voteId, choice } },
          delegate.token,
        );
        return answerOf(result, 'castConventionVote', delegate.memberId, choice);
      },
      () =>
        b.ok(
          `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId } }`,
          { input: { voteId } },
          clerk.token,
        ),
    );
    expectOnlyKnownRefusals(answers, ['VOTE_CLOSED', 'CONVENTION_VOTE_CLOSED']);
    const { conventionVote } = await a.ok(
      `query ($id: ID!, $wait: String) { conventionVote(id: $id, waitForPosition: $wait) {
        status rollCall(first: 200) { totalCount nodes { voter { memberId } choice } } lateBallots { position } tally { yesNo { voters { yes no abstain } } } } }`,
      { id: voteId, wait: await head(b) },
    );
    expect(conventionVote.status).toBe('CLOSED');
    const counted = latestSuccesses(answers);
    const rollCall = new Map(
      (conventionVote.rollCall.nodes as Array<{ voter: { memberId: string }; choice: string }>).map((entry) => [
        entry.voter.memberId,
        entry.choice,
      ]),
    );
    expect(rollCall).toEqual(new Map([...counted].map(([memberId, { choice }]) => [memberId, choice])));
    const voted = conventionVote.tally.yesNo.voters as Record<string, number>;
    const expected = { yes: 0, no: 0, abstain: 0 } as Record<string, number>;
    for (const { choice } of counted.values()) expected[choice.toLowerCase()] += 1;
    expect(voted).toEqual(expected);
    const late = answers.flatMap((answer) => (!answer.ok && answer.reason === 'VOTE_CLOSED' ? [answer.position!] : []));
    expect(
      (conventionVote.lateBallots as Array<{ position: string }>).map((entry) => BigInt(entry.position)).sort(),
    ).toEqual([...late].sort());
    report('convention vote', answers);
  });

  it('referendum: ballots answered with success are the ones counted; a secret ballot cast through both counts once', async () => {
    await advance('RATIFICATION');
    const { referendumId } = (
      await a.ok(
        `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
        { input: { conventionId } },
        clerk.token,
      )
    ).openReferendum;
    const cast = `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker receipt { position } } }`;
    // The same voter through both processes: one voter key, one line in the count.
    const first = await a.ok(cast, { input: { referendumId, choice: 'YES' } }, chair.token);
    const second = await b.ok(cast, { input: { referendumId, choice: 'YES' } }, chair.token);
    expect(second.castReferendumBallot.tracker).toBe(first.castReferendumBallot.tracker);
    const choices = ['YES', 'NO', 'ABSTAIN'];
    const trackers = new Map<string, string>();
    const answers = await hammer(
      both(),
      BALLOTS,
      async (replica, index) => {
        const voter = voters[index % voters.length];
        const choice = choices[Math.floor(index / voters.length) % choices.length];
        const result = await replica.gql(cast, { input: { referendumId, choice } }, voter.token);
        if (result.errors === undefined)
          trackers.set(voter.memberId, result.data!.castReferendumBallot.tracker as string);
        return answerOf(result, 'castReferendumBallot', voter.memberId, choice);
      },
      () =>
        b.ok(
          `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { outcome } }`,
          { input: { referendumId } },
          clerk.token,
        ),
    );
    expectOnlyKnownRefusals(answers, ['VOTE_CLOSED', 'REFERENDUM_CLOSED']);
    const view = await a.ok(
      `query ($id: ID!, $wait: String) {
        referendum(id: $id, waitForPosition: $wait) { status turnout lateBallots { tracker position } }
        referendumCount(referendumId: $id, first: 10000, waitForPosition: $wait) { tracker choice } }`,
      { id: referendumId, wait: await head(b) },
    );
    expect(view.referendum.status).toBe('CLOSED');
    const counted = latestSuccesses(answers);
    const expected = new Map([...counted].map(([memberId, { choice }]) => [trackers.get(memberId)!, choice]));
    expected.set(first.castReferendumBallot.tracker as string, 'YES');
    const published = new Map(
      (view.referendumCount as Array<{ tracker: string; choice: string }>).map((line) => [line.tracker, line.choice]),
    );
    expect(published).toEqual(expected);
    expect(view.referendum.turnout).toBe(expected.size);
    const late = answers.flatMap((answer) => (!answer.ok && answer.reason === 'VOTE_CLOSED' ? [answer.position!] : []));
    expect(
      (view.referendum.lateBallots as Array<{ position: string }>).map((entry) => BigInt(entry.position)).sort(),
    ).toEqual([...late].sort());
    report('referendum', answers);
  });

  it('interim decision: votes share the decision stream with its close, so the stream revision orders them', async () => {
    const committee = [chair, ...voters.slice(0, 4)];
    for (const member of committee.slice(1)) {
      await b.ok(
        `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
        { input: { memberId: member.memberId } },
        chair.token,
      );
    }
    const deadline = new Date(Date.now() + 2_000).toISOString();
    const { decisionId } = (
      await a.ok(
        `mutation ($input: ProposeInterimDecisionInput!) { proposeInterimDecision(input: $input) { decisionId } }`,
        { input: { kind: 'resolution', title: 'Replicas vote', text: 'Both processes count.', deadline } },
        chair.token,
      )
    ).proposeInterimDecision;
    const choices = ['SUPPORT', 'OBJECT', 'ABSTAIN'];
    const close = async (): Promise<void> => {
      // The close is allowed once the deadline has passed; before, it is refused and tried again.
      for (let attempt = 0; attempt < 400; attempt += 1) {
        const result = await a.gql(
          `mutation ($input: CloseInterimDecisionInput!) { closeInterimDecision(input: $input) { decisionId } }`,
          { input: { decisionId } },
          chair.token,
        );
        if (result.errors === undefined) return;
        expect(result.errors[0].extensions?.reason).toBe('DECISION_STILL_OPEN');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the interim decision could not be closed');
    };
    const answers = await hammer(
      both(),
      BALLOTS,
      async (replica, index) => {
        const member = committee[index % committee.length];
        const choice = choices[Math.floor(index / committee.length) % choices.length];
        const result = await replica.gql(
          `mutation ($input: VoteOnInterimDecisionInput!) { voteOnInterimDecision(input: $input) { receipt { position } } }`,
          { input: { decisionId, vote: choice } },
          member.token,
        );
        return answerOf(result, 'voteOnInterimDecision', member.memberId, choice);
      },
      close,
      4_000 / BALLOTS,
    );
    expectOnlyKnownRefusals(answers, ['DECISION_CLOSED']);
    const { interimDecisions } = await b.ok(
      `query ($wait: String) { interimDecisions(waitForPosition: $wait, first: 200) { nodes { id status tally { supports objections abstentions } } } }`,
      { wait: await head(a) },
    );
    const decision = (
      interimDecisions.nodes as Array<{ id: string; status: string; tally: Record<string, number> }>
    ).find((candidate) => candidate.id === decisionId)!;
    expect(decision.status).not.toBe('OPEN');
    const counted = latestSuccesses(answers);
    const expected = { supports: 0, objections: 0, abstentions: 0 };
    for (const { choice } of counted.values()) {
      if (choice === 'SUPPORT') expected.supports += 1;
      else if (choice === 'OBJECT') expected.objections += 1;
      else expected.abstentions += 1;
    }
    expect(decision.tally).toEqual(expected);
    report('interim decision', answers);
  });

  it('measures the added read-your-writes latency: a write on one process read on the other', async () => {
    const member = await enroll(a, 'Latency Probe');
    const measure = async (reader: Replica, sample: number): Promise<number> => {
      const { changeMemberRegion } = await a.ok(
        `mutation ($input: ChangeMemberRegionInput!) { changeMemberRegion(input: $input) { receipt { position } } }`,
        { input: { region: `Region ${reader.name} ${sample}` } },
        member.token,
      );
      const started = process.hrtime.bigint();
      const { me } = await reader.ok(
        `query ($wait: String) { me(waitForPosition: $wait) { region } }`,
        { wait: changeMemberRegion.receipt.position },
        member.token,
      );
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      expect(me.region).toBe(`Region ${reader.name} ${sample}`);
      return elapsed;
    };
    // Baseline: the write read back on the process that wrote it (its projector is woken at once).
    const same: number[] = [];
    const other: number[] = [];
    for (let sample = 0; sample < RYW_SAMPLES; sample += 1) {
      same.push(await measure(a, sample));
      other.push(await measure(b, sample));
    }
    console.log(
      `read-your-writes, write on A, waitForPosition read (${RYW_SAMPLES} samples each): ` +
        `on B median ${median(other).toFixed(1)} ms, p95 ${percentile(other, 0.95).toFixed(1)} ms | ` +
        `on A (baseline) median ${median(same).toFixed(1)} ms, p95 ${percentile(same, 0.95).toFixed(1)} ms | ` +
        `added ${(median(other) - median(same)).toFixed(1)} ms; load average ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
    );
  });
});

function report(kind: string, answers: readonly Answer[]): void {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.ok ? 'success' : answer.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  console.log(`${kind}: ${answers.length} ballots over two processes: ${JSON.stringify(counts)}`);
}
