import { GraphQLResult, TestApp } from './test-app';

export type Member = { memberId: string; token: string; pseudonym: string };

export function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
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

/**
 * Drives a whole founding organization through the GraphQL API only: the interim organization
 * (commitments, committee, branches, chapters, members), then the convention call, the
 * apportionment, the delegate elections and the credentials. Later steps of the convention
 * build on what this leaves in place.
 */
export class FoundingOrganization {
  operator!: string;
  committee: Member[] = [];
  secretariat!: Member;
  branches: Record<string, string> = {};
  /** Chapter name → id, and its members in order of enrolment. */
  chapters: Record<string, { id: string; members: Member[] }> = {};
  conventionId!: string;
  commitmentsVersion = 0;
  private enrolled = 0;

  constructor(readonly app: TestApp) {}

  async enrol(pseudonym: string): Promise<Member> {
    const result = ok(
      await this.app.gql(`mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token } }`, {
        input: { pseudonym, acceptedCommitmentsVersion: this.commitmentsVersion || null },
      }),
    );
    this.enrolled += 1;
    return { ...result.enrollMember, pseudonym };
  }

  /** Commitments, a committee of three, three branches, twelve chapters (one online), 300 members. */
  async setUpInterimOrganization(): Promise<void> {
    this.operator = await this.app.operatorToken('founding-operator');
    const published = ok(
      await this.app.gql(
        `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`,
        { input: { principles: ['Solidarity across borders', 'Democracy in every chapter', 'Privacy of members'] } },
        { token: this.operator },
      ),
    );
    this.commitmentsVersion = published.publishCommitments.version;
    for (const name of ['Chair Ada', 'Second Bea', 'Third Cyd']) this.committee.push(await this.enrol(name));
    const [chair, ...others] = this.committee;
    ok(await this.appoint(chair, this.operator));
    for (const member of others) ok(await this.appoint(member, chair.token));

    for (const [name, countryCode] of [
      ['Section France', 'FR'],
      ['Sektion Deutschland', 'DE'],
      ['Sezione Italia', 'IT'],
    ]) {
      const founded = ok(
        await this.app.gql(
          `mutation ($input: FoundBranchInput!) { foundBranch(input: $input) { branchId } }`,
          { input: { name, countryCode } },
          { token: chair.token },
        ),
      );
      this.branches[countryCode] = founded.foundBranch.branchId;
    }

    const places: Array<[string, string | null, string | null]> = [
      ['Paris Nord', 'Paris', 'FR'],
      ['Lyon Centre', 'Lyon', 'FR'],
      ['Marseille', 'Marseille', 'FR'],
      ['Lille', 'Lille', 'FR'],
      ['Berlin Mitte', 'Berlin', 'DE'],
      ['Hamburg', 'Hamburg', 'DE'],
      ['München', 'München', 'DE'],
      ['Roma', 'Roma', 'IT'],
      ['Milano', 'Milano', 'IT'],
      ['Napoli', 'Napoli', 'IT'],
      ['Torino', 'Torino', 'IT'],
      ['Online International', null, null],
    ];
    // 297 more members (300 with the committee), spread unevenly so apportionment has work to do.
    const sizes = [46, 38, 30, 22, 34, 20, 16, 28, 24, 14, 10, 15];
    for (const [index, [name, region, country]] of places.entries()) {
      const founders: Member[] = [];
      for (let n = 0; n < 3; n += 1) founders.push(await this.enrol(`${name} ${n + 1}`));
      const founded = ok(
        await this.app.gql(
          `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId } }`,
          {
            input: {
              name,
              kind: region === null ? 'ONLINE' : 'LOCAL',
              region,
              branchId: country === null ? null : this.branches[country],
            },
          },
          { token: founders[0].token },
        ),
      );
      const chapterId = founded.foundChapter.chapterId as string;
      for (const founder of founders.slice(1)) {
        ok(
          await this.app.gql(
            `mutation ($input: SignChapterFoundingInput!) { signChapterFounding(input: $input) { status } }`,
            { input: { chapterId } },
            { token: founder.token },
          ),
        );
      }
      const members = [...founders];
      for (let n = 3; n < sizes[index]; n += 1) {
        const member = await this.app.gql(
          `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token } }`,
          {
            input: {
              pseudonym: `${name} ${n + 1}`,
              chapterId,
              acceptedCommitmentsVersion: this.commitmentsVersion,
            },
          },
        );
        members.push({ ...ok(member).enrollMember, pseudonym: `${name} ${n + 1}` });
        this.enrolled += 1;
      }
      this.chapters[name] = { id: chapterId, members };
    }
  }

  get memberCount(): number {
    return this.enrolled;
  }

  /** Calls the convention, appoints the secretariat and opens delegate selection (the apportionment). */
  async callConvention(rules: Record<string, unknown> = {}): Promise<void> {
    const [chair] = this.committee;
    const called = ok(
      await this.app.gql(
        `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
        {
          input: {
            title: 'Founding Convention 2026',
            rules: {
              thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '1/2' : '2/3' })),
              quorum: '1/2',
              amendmentDepth: 2,
              friendlyAmendments: true,
              seconders: 1,
              deadlines: [],
              totalSeats: 24,
              minimumSeatsPerChapter: 1,
              apportionmentMethod: 'SAINTE_LAGUE',
              electionMethod: 'STV',
              alternatesPerChapter: 1,
              lotSeed: 'founding-convention-2026',
              ...rules,
            },
          },
        },
        { token: chair.token },
      ),
    );
    this.conventionId = called.callConvention.conventionId;
    this.secretariat = await this.enrol('Secretary Sam');
    ok(
      await this.app.gql(
        `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
        { input: { conventionId: this.conventionId, memberId: this.secretariat.memberId } },
        { token: chair.token },
      ),
    );
  }

  async advance(to: string) {
    return this.app.gql(
      `mutation ($input: AdvanceConventionPhaseInput!) {
        advanceConventionPhase(input: $input) { phase receipt { position } }
      }`,
      { input: { conventionId: this.conventionId, to } },
      { token: this.secretariat.token },
    );
  }

  /**
   * In every chapter: the first six members stand (two nominate themselves, four are nominated
   * by others and consent), voting opens, every member ranks the candidates (rotating first
   * preferences), voting closes and is counted, and every elected delegate is credentialed.
   */
  async electAndCredentialDelegates(): Promise<void> {
    const election = (chapterId: string) => ({ conventionId: this.conventionId, chapterId });
    for (const { id, members } of Object.values(this.chapters)) {
      const candidates = members.slice(0, 6);
      for (const [index, candidate] of candidates.entries()) {
        const nominator = index < 2 ? candidate : members[members.length - 1 - index];
        ok(
          await this.app.gql(
            `mutation ($input: NominateDelegateInput!) { nominateDelegate(input: $input) { electionId } }`,
            { input: { ...election(id), candidateId: candidate.memberId } },
            { token: nominator.token },
          ),
        );
        if (nominator !== candidate) {
          ok(
            await this.app.gql(
              `mutation ($input: DelegateElectionInput!) { consentToNomination(input: $input) { electionId } }`,
              { input: election(id) },
              { token: candidate.token },
            ),
          );
        }
      }
      ok(
        await this.app.gql(
          `mutation ($input: DelegateElectionInput!) { openDelegateVoting(input: $input) { electionId } }`,
          { input: election(id) },
          { token: this.secretariat.token },
        ),
      );
      for (const [index, voter] of members.entries()) {
        const ranking = candidates.map((_, offset) => candidates[(index + offset) % candidates.length].memberId);
        ok(
          await this.app.gql(
            `mutation ($input: CastDelegateBallotInput!) { castDelegateBallot(input: $input) { electionId } }`,
            { input: { ...election(id), ranking } },
            { token: voter.token },
          ),
        );
      }
      ok(
        await this.app.gql(
          `mutation ($input: DelegateElectionInput!) { closeDelegateVoting(input: $input) { receipt { position } } }`,
          { input: election(id) },
          { token: this.secretariat.token },
        ),
      );
    }
    const roster = await this.roster();
    for (const entry of roster.filter((seat) => seat.role === 'DELEGATE' && seat.seated)) {
      ok(
        await this.app.gql(
          `mutation ($input: CredentialDelegateInput!) { credentialDelegate(input: $input) { electionId } }`,
          { input: { ...election(entry.chapterId), memberId: entry.memberId } },
          { token: this.secretariat.token },
        ),
      );
    }
  }

  async roster(): Promise<
    Array<{ memberId: string; chapterId: string; role: string; seated: boolean; credentialed: boolean }>
  > {
    const head = (await this.app.store.headPosition()).toString();
    const result = ok(
      await this.app.gql(
        `query ($id: ID!, $wait: String) {
          delegateRoster(conventionId: $id, waitForPosition: $wait, first: 200) {
            nodes { memberId chapterId role seated credentialed }
          }
        }`,
        { id: this.conventionId, wait: head },
      ),
    );
    return result.delegateRoster.nodes;
  }

  /** The member behind an id, from any chapter or the committee. */
  member(memberId: string): Member {
    const everyone = [...this.committee, ...Object.values(this.chapters).flatMap((chapter) => chapter.members)];
    const found = everyone.find((member) => member.memberId === memberId);
    if (found === undefined) throw new Error(`no member ${memberId}`);
    return found;
  }

  private appoint(member: Member, token: string) {
    return this.app.gql(
      `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
      { input: { memberId: member.memberId } },
      { token },
    );
  }

  // ------------------------------------------------------------------ the convention floor

  /** Credentialed delegates, in roster order. */
  async delegates(): Promise<Member[]> {
    return (await this.roster())
      .filter((seat) => seat.role === 'DELEGATE' && seat.seated && seat.credentialed)
      .map((seat) => this.member(seat.memberId));
  }

  async submit(sponsor: Member, seconder: Member, input: Record<string, unknown>): Promise<string> {
    const submitted = ok(
      await this.app.gql(
        `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
        { input: { conventionId: this.conventionId, ...input } },
        { token: sponsor.token },
      ),
    );
    const proposalId = submitted.submitProposal.proposalId as string;
    ok(
      await this.app.gql(
        `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
        { input: { proposalId } },
        { token: seconder.token },
      ),
    );
    return proposalId;
  }

  async amend(author: Member, input: Record<string, unknown>): Promise<string> {
    const proposed = ok(
      await this.app.gql(
        `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId } }`,
        { input },
        { token: author.token },
      ),
    );
    return proposed.proposeAmendment.amendmentId as string;
  }

  async acceptFriendly(sponsor: Member, amendmentId: string): Promise<void> {
    ok(
      await this.app.gql(
        `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId } }`,
        { input: { amendmentId } },
        { token: sponsor.token },
      ),
    );
  }

  async rebase(author: Member, amendmentId: string, operations: unknown[]): Promise<void> {
    ok(
      await this.app.gql(
        `mutation ($input: RebaseAmendmentInput!) { rebaseAmendment(input: $input) { amendmentId } }`,
        { input: { amendmentId, operations } },
        { token: author.token },
      ),
    );
  }

  /** Opens a vote, lets the given delegates vote in order, closes it and returns the vote as recorded. */
  async putToVote(
    subject: Record<string, unknown>,
    ballots: Array<[Member, Record<string, unknown>]>,
    whileOpen: (voteId: string) => Promise<void> = async () => undefined,
  ): Promise<{
    id: string;
    outcome: string;
    winner: string | null;
    tally: {
      method: string;
      yesNo: { outcome: string } | null;
      ranked: { outcome: string; winner: string | null } | null;
    };
    participation: { ballots: number };
  }> {
    const opened = ok(
      await this.app.gql(
        `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
        { input: { conventionId: this.conventionId, ...subject } },
        { token: this.secretariat.token },
      ),
    );
    const voteId = opened.openConventionVote.voteId as string;
    await whileOpen(voteId);
    for (const [delegate, ballot] of ballots) {
      ok(
        await this.app.gql(
          `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId } }`,
          { input: { voteId, ...ballot } },
          { token: delegate.token },
        ),
      );
    }
    ok(
      await this.app.gql(
        `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { receipt { position } } }`,
        { input: { voteId } },
        { token: this.secretariat.token },
      ),
    );
    const view = ok(
      await this.app.gql(
        `query ($id: ID!, $wait: String) {
          conventionVote(id: $id, waitForPosition: $wait) { id outcome winner tally { method yesNo { outcome } ranked { outcome winner } } participation { ballots } }
        }`,
        { id: voteId, wait: (await this.app.store.headPosition()).toString() },
      ),
    );
    return view.conventionVote;
  }
}
