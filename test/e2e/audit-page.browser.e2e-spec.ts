import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import {
  FloorConventionFixture,
  FloorMember,
  callConvention,
  conventionWithDelegates,
} from '../support/convention-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

/** The page's DOM, as seen by code that runs inside the browser (this file compiles without DOM types). */
interface PageGlobals {
  document: {
    querySelector(selector: string): { textContent: string | null } | null;
    documentElement: { lang: string };
  };
  axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; help: string }> }> };
}

/**
 * The members' audit page in a real headless Chromium, on a convention seeded over GraphQL:
 * a rule adopted 4–1, then amended at a second convention. CI sets PLENARY_REQUIRE_BROWSER=1 so
 * this cannot silently skip there; elsewhere a machine without Chromium says it was skipped.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.PLENARY_REQUIRE_BROWSER === '1') {
  throw new Error(`PLENARY_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}`);
}
if (!available) console.warn(`Audit page browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'audit-page');
const RECEIPT = 'receipt { position }';

function expectOk<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

(available ? describe : describe.skip)('members’ audit page in a real browser (e2e)', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let ruleId: string;
  let firstVersionAt: string;
  let amendedAt: string;
  let referendumId: string;
  let firstConventionId: string;
  let secondConventionId: string;
  let chapterId: string;
  /** Members of the chapter when seats were apportioned (nobody joins or leaves after). */
  let chapterMembers: number;
  /** The receipts of the delegates' ballots on the amending proposal, delegate i at index i. */
  let amendmentBallots: string[];
  const trackers: string[] = [];
  /** The receipt position of each amendment's proposal, by its mover's pseudonym (each moves one). */
  const movedAt: Record<string, string> = {};
  const consoleErrors: string[] = [];
  const outside: string[] = [];

  async function openPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) outside.push(request.url());
    });
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await TestApp.start({ PLENARY_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;

    const first = await conventionWithDelegates(app);
    firstConventionId = first.conventionId;
    chapterId = first.chapterId;
    const d = first.delegates;
    const clerk = first.clerk;
    /** Opens a vote on `subject`, casts `choices` (delegate i casts choices[i]) and closes it. */
    const runVote = async (convention: FloorConventionFixture, subject: Record<string, unknown>, choices: string[]) => {
      const voteId = expectOk(
        await app.gql(
          `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
          { input: { conventionId: convention.conventionId, ...subject } },
          { token: clerk.token },
        ),
      ).openConventionVote.voteId as string;
      const ballots: string[] = [];
      for (const [index, choice] of choices.entries()) {
        ballots.push(
          expectOk(
            await app.gql(
              `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { ${RECEIPT} } }`,
              { input: { voteId, choice } },
              { token: d[index].token },
            ),
          ).castConventionVote.receipt.position as string,
        );
      }
      const closed = expectOk(
        await app.gql(
          `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { ${RECEIPT} } }`,
          { input: { voteId } },
          { token: clerk.token },
        ),
      ).closeConventionVote.receipt.position as string;
      return { closed, ballots };
    };
    /**
     * Submits and seconds a proposal, lets `amend` move amendments in the AMENDMENT phase (it
     * returns those to vote on, in voting order, with their choices), then votes on them and
     * on the proposal.
     */
    const vote = async (
      convention: FloorConventionFixture,
      sponsor: FloorMember,
      input: Record<string, unknown>,
      choices: string[],
      amend: (proposalId: string) => Promise<Array<{ amendmentId: string; choices: string[] }>> = async () => [],
    ) => {
      const proposalId = expectOk(
        await app.gql(
          `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
          { input: { conventionId: convention.conventionId, ...input } },
          { token: sponsor.token },
        ),
      ).submitProposal.proposalId as string;
      expectOk(
        await app.gql(
          `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
          { input: { proposalId } },
          { token: d[4].token },
        ),
      );
      await convention.advance('AMENDMENT');
      const amendments = await amend(proposalId);
      for (const phase of ['DELIBERATION', 'VOTING']) await convention.advance(phase);
      for (const amendment of amendments) {
        await runVote(convention, { amendmentId: amendment.amendmentId }, amendment.choices);
      }
      const { closed, ballots } = await runVote(convention, { proposalId }, choices);
      return { proposalId, closed, ballots };
    };
    const moveAmendment = async (mover: FloorMember, input: Record<string, unknown>) => {
      const moved = expectOk(
        await app.gql(
          `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId ${RECEIPT} } }`,
          { input },
          { token: mover.token },
        ),
      ).proposeAmendment as { amendmentId: string; receipt: { position: string } };
      movedAt[`Delegate ${d.indexOf(mover) + 1}`] = moved.receipt.position;
      return moved.amendmentId;
    };

    const adopted = await vote(first, d[1], { kind: 'ADOPT_RULE', title: 'Dues', clauses: ['Dues are voluntary.'] }, [
      'YES',
      'YES',
      'YES',
      'YES',
      'NO',
    ]);
    firstVersionAt = adopted.closed;
    ruleId = expectOk(
      await app.gql(`query ($id: ID!, $wait: String) { proposal(id: $id, waitForPosition: $wait) { ruleId } }`, {
        id: adopted.proposalId,
        wait: adopted.closed,
      }),
    ).proposal.ruleId;
    await first.advance('RATIFICATION');
    await first.advance('CLOSED');
    // The second convention's delegates are elected by STV: Delegate 1 reaches the quota (2 of
    // 6 ballots) with three first preferences, and its surplus of one passes on at 1/3 a paper;
    // the alternate, with no first preference, is excluded; the four continuing fill the seats.
    const rankings = [[d[0], d[2]], [d[0], d[1]], [d[2]], [d[3]], [d[4]], [d[0], d[1], first.alternate]];
    const second = await callConvention(app, {
      chair: first.chair,
      clerk,
      chapterId: first.chapterId,
      delegates: d,
      alternate: first.alternate,
      rules: { electionMethod: 'STV' },
      ballot: (_voter, index) => ({ ranking: rankings[index].map((member) => member.memberId) }),
    });
    secondConventionId = second.conventionId;
    // The amendment of the rule is itself amended: Delegate 3's friendly amendment sets the sum,
    // accepted by the sponsor; Delegate 4's primary amendment adds a clause, which Delegate 2's
    // secondary amendment rewords; the secondary is adopted 3–1 (one abstains), the primary 4–1.
    const amended = await vote(
      second,
      d[0],
      { kind: 'AMEND_RULE', title: 'Dues', ruleId, ruleVersion: 1, clauses: ['Dues are two euros.'] },
      ['YES', 'YES', 'YES', 'YES', 'YES'],
      async (proposalId) => {
        const friendly = await moveAmendment(d[2], {
          proposalId,
          operations: [{ op: 'REPLACE', clause: 1, text: 'Dues are one euro.' }],
        });
        expectOk(
          await app.gql(
            `mutation ($input: AmendmentInput!) { acceptFriendlyAmendment(input: $input) { proposalId } }`,
            { input: { amendmentId: friendly } },
            { token: d[0].token },
          ),
        );
        const primary = await moveAmendment(d[3], {
          proposalId,
          baseVersion: 2,
          operations: [{ op: 'INSERT_AFTER', clause: 1, text: 'Students pay nothing.' }],
        });
        const secondary = await moveAmendment(d[1], {
          proposalId,
          parentAmendmentId: primary,
          operations: [{ op: 'REPLACE', clause: 2, text: 'Students and retirees pay nothing.' }],
        });
        return [
          { amendmentId: secondary, choices: ['YES', 'YES', 'YES', 'NO', 'ABSTAIN'] },
          { amendmentId: primary, choices: ['YES', 'YES', 'YES', 'YES', 'NO'] },
        ];
      },
    );
    amendmentBallots = amended.ballots;
    amendedAt = amended.closed;

    // The members' referendum on the charter: three ballots, each voter holding their tracker.
    await second.advance('RATIFICATION');
    referendumId = expectOk(
      await app.gql(
        `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
        { input: { conventionId: second.conventionId } },
        { token: clerk.token },
      ),
    ).openReferendum.referendumId;
    for (const [index, choice] of ['YES', 'NO', 'YES'].entries()) {
      trackers.push(
        expectOk(
          await app.gql(
            `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker } }`,
            { input: { referendumId, choice } },
            { token: d[index].token },
          ),
        ).castReferendumBallot.tracker,
      );
    }
    expectOk(
      await app.gql(
        `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { referendumId } }`,
        { input: { referendumId } },
        { token: clerk.token },
      ),
    );
    // The ledger signs checkpoints behind the log: wait until it covers the amendment's close.
    const head = Number(await app.store.headPosition());
    for (let attempt = 0; ; attempt += 1) {
      const { ledgerCheckpoint } = expectOk(await app.gql('{ ledgerCheckpoint { treeSize } }'));
      if (ledgerCheckpoint.treeSize >= head) break;
      if (attempt > 400) throw new Error('the ledger did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expectOk(
      await app.gql('query ($w: String) { charter(waitForPosition: $w) { rules { totalCount } } }', { w: amendedAt }),
    );
    chapterMembers = expectOk(await app.gql('query ($id: ID!) { chapter(id: $id) { memberCount } }', { id: chapterId }))
      .chapter.memberCount;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('is served with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${base}/audit`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  it('shows the charter, then the rule with its versions and the tally of the vote that adopted it', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/charter`);
    await page.getByRole('heading', { name: 'Rules in force' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'charter.png'), fullPage: true });
    expect(await page.locator('main').textContent()).toContain('Dues are one euro.');
    await page.getByRole('link', { name: 'Dues' }).click();
    await page.getByRole('heading', { name: /Version 2/ }).waitFor();
    const version1 = page.locator('article', { has: page.getByRole('heading', { name: /Version 1/ }) });
    expect(await version1.locator('ol.clauses').textContent()).toBe('Dues are voluntary.');
    const cell = (choice: string) => version1.locator(`tr[data-choice="${choice}"] td`).first().textContent();
    expect(await cell('yes')).toBe('4');
    expect(await cell('no')).toBe('1');
    expect(await version1.locator('svg[role="img"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'rule.png'), fullPage: true });
    await page.close();
  });

  it('travels back in time: before the amendment the rule has its first text only; before the convention, no rule', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/rule/${ruleId}?asOf=${firstVersionAt}`);
    await page.getByRole('heading', { name: /Version 1/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Version 2/ }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Dues are one euro.');
    await page.screenshot({ path: join(ARTIFACTS, 'rule-as-of.png'), fullPage: true });
    await page.goto(`${base}/audit#/charter`);
    await page.getByRole('heading', { name: 'Rules in force' }).waitFor();
    await page.getByLabel('As of date').fill('2000-01-01');
    await page.getByLabel('As of date').dispatchEvent('change');
    await page.waitForURL(/asOf=2000-01-01/);
    await page.locator('#in-force-heading + p').waitFor();
    expect(await page.locator('#in-force-heading + p').textContent()).toBe('None.');
    await page.close();
  });

  it('verifies the amendment’s close in the ledger, and marks a tampered audit path not verified', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/verify/${amendedAt}`);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('#verdict').waitFor();
    expect(await page.locator('#verdict').textContent()).toContain('Verified');
    expect(await page.locator('.verdict').getAttribute('data-verified')).toBe('true');
    expect(await page.locator('.verdict').textContent()).toContain('Ed25519 signature over the checkpoint is valid');
    await page.screenshot({ path: join(ARTIFACTS, 'verified.png'), fullPage: true });

    // Pinning the served key keeps it verified; a different pinned key does not.
    const { ledgerCheckpoint } = expectOk(await app.gql('{ ledgerCheckpoint { publicKey } }'));
    await page.getByLabel('Pinned public key (SPKI PEM)').fill(ledgerCheckpoint.publicKey);
    await page.getByRole('button', { name: 'Save pinned key' }).click();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The signing key matches your pinned key').waitFor();
    expect(await page.locator('.verdict').getAttribute('data-verified')).toBe('true');
    const other = ledgerCheckpoint.publicKey.replace(/[A-Za-z](?=[A-Za-z0-9+/=]*\n-----END)/, (c: string) =>
      c === 'A' ? 'B' : 'A',
    );
    await page.getByLabel('Pinned public key (SPKI PEM)').fill(other);
    await page.getByRole('button', { name: 'Save pinned key' }).click();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The signing key is not your pinned key').waitFor();
    expect(await page.locator('.verdict').getAttribute('data-verified')).toBe('false');
    await page.getByRole('button', { name: 'Forget pinned key' }).click();

    await page.route(`${base}/graphql`, async (route) => {
      if (!(route.request().postData() ?? '').includes('ledgerEntry')) return route.continue();
      const response = await route.fetch();
      const body = await response.json();
      const hash = Buffer.from(body.data.ledgerEntry.auditPath[0], 'base64');
      hash[0] ^= 1;
      body.data.ledgerEntry.auditPath[0] = hash.toString('base64');
      return route.fulfill({ response, json: body });
    });
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('The audit path does not lead to the signed root').waitFor();
    expect(await page.locator('#verdict').textContent()).toContain('Not verified');
    await page.screenshot({ path: join(ARTIFACTS, 'not-verified.png'), fullPage: true });
    await page.close();
  });

  it('finds a voter’s ballot in the published count by their tracker, and says so when a tracker is not there', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/tracker`);
    await page.getByLabel('Referendum id').fill(referendumId);
    await page.getByLabel('My tracker').fill(trackers[1]);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Your ballot is in the published count: No').waitFor();
    await page.getByLabel('My tracker').fill(trackers[0]);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Your ballot is in the published count: Yes').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'tracker-found.png'), fullPage: true });
    await page.getByLabel('My tracker').fill('0000-0000-0000-0000-0000');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('No ballot with this tracker in the published count.').waitFor();
    await page.close();
  });

  /** Sainte-Laguë, one chapter, 5 seats, a minimum of 1: seats 2–5 go at divisors 3, 5, 7, 9, the last deciding. */
  const decidingQuotient = () => {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    const g = gcd(chapterMembers, 9);
    return 9 / g === 1 ? `${chapterMembers / g}` : `${chapterMembers / g}/${9 / g}`;
  };

  it('follows how the amended rule was adopted: proposal, amendments, vote, roll call, and how each voter was seated', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/rule/${ruleId}`);
    // By keyboard: the links are plain links, reached by focus and followed with Enter.
    await page.getByRole('link', { name: 'How version 2 was adopted' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'How “Dues” was adopted' }).waitFor();
    expect(page.url()).toContain(`#/provenance/${ruleId}/2`);

    // The proposal: kind, sponsor, seconder, and its versions with the one adopted.
    expect(await page.locator('#sponsor').textContent()).toBe('Delegate 1');
    expect(await page.locator('#seconders').textContent()).toContain('Delegate 5');
    expect(await page.locator('#proposal dl').textContent()).toContain('Amend a rule');
    const adoptedVersion = page.locator('#proposal tr[data-version="3"]');
    expect(await adoptedVersion.textContent()).toContain('the version adopted');
    expect(await adoptedVersion.textContent()).toContain('an amendment adopted by vote');
    expect(await page.locator('#proposal tr[data-version="2"]').textContent()).toContain('a friendly amendment');

    // The amendments: the friendly one, then the voted primary with its secondary nested under it.
    const amendments = page.locator('#amendments > ol > li.amendment');
    expect(await amendments.count()).toBe(2);
    const friendly = (await amendments.nth(0).textContent()) ?? '';
    expect(friendly).toContain('Primary amendment · moved by Delegate 3 · accepted as friendly by the sponsor');
    expect(friendly).toContain('Replace clause 1: “Dues are one euro.”');
    const primary = amendments.nth(1);
    expect(await primary.locator('> p').first().textContent()).toBe(
      'Primary amendment · moved by Delegate 4 · decided by vote · adopted',
    );
    expect(await primary.locator('> ul').textContent()).toBe('Insert after clause 1: “Students pay nothing.”');
    expect(await primary.locator('> .vote > p').textContent()).toBe('Yes 4 · No 1 · Abstain 0 — adopted');
    const secondary = primary.locator('li.amendment');
    expect(await secondary.count()).toBe(1);
    expect(await secondary.locator('> p').first().textContent()).toBe(
      'Secondary amendment · moved by Delegate 2 · decided by vote · adopted',
    );
    expect(await secondary.locator('> .vote > p').textContent()).toBe('Yes 3 · No 1 · Abstain 1 — adopted');

    // The vote on the proposal: its rules and the working of the count.
    const vote = page.locator('#vote');
    expect(await vote.locator('tr[data-choice="yes"] td').first().textContent()).toBe('5');
    expect(await vote.locator('dl').textContent()).toContain('Thresholdtwo thirdsQuorum1/2 of the electorate');
    expect(await vote.locator('tr[data-check="threshold"] td').textContent()).toBe(
      'yes had to be at least 10/3 (≈ 3.333) (2/3 of votes cast: 5) — ✔ met',
    );
    expect(await vote.locator('tr[data-check="quorum"] td').textContent()).toBe(
      'participation had to reach 5/2 (≈ 2.5) (1/2 of the electorate: 5) — ✔ met',
    );

    // The roll call: every delegate voted yes, each ballot the event their cast recorded.
    expect(await page.locator('#roll-call tbody tr').count()).toBe(5);
    for (const [index, receipt] of amendmentBallots.entries()) {
      const row = page.locator(`#roll-call tr[data-voter="Delegate ${index + 1}"]`);
      expect(await row.locator('[data-cell="choice"]').textContent()).toBe('Yes');
      const position = BigInt((await row.locator('.recorded').getAttribute('data-position')) ?? '0');
      expect(position <= BigInt(receipt) && position > BigInt(receipt) - 5n).toBe(true);
    }

    // How they were seated: the chapter, the STV election, the apportionment of its seats.
    const seated = (n: number) => page.locator(`#seated tr[data-voter="Delegate ${n}"]`);
    expect(await seated(1).locator('[data-cell="chapter"]').textContent()).toBe('Floor chapter');
    const election = (n: number) => seated(n).locator('[data-cell="election"] p').first().textContent();
    expect(await election(1)).toBe(
      'single transferable vote · 5 seats, 6 ballots counted · elected at stage 1, place 1',
    );
    expect(await election(3)).toBe(
      'single transferable vote · 5 seats, 6 ballots counted · elected at stage 3, place 2',
    );
    expect(await seated(1).locator('[data-cell="apportionment"] p').first().textContent()).toContain(
      `${chapterMembers} members at the cut-off`,
    );
    const apportionment = (await seated(1).locator('[data-cell="apportionment"] p').first().textContent()) ?? '';
    expect(apportionment).toContain('5 of 5 seats · Sainte-Laguë');
    expect(apportionment).toContain(`deciding quotient ${decidingQuotient()}`);

    // The roll call is searchable by pseudonym or chapter.
    await page.getByLabel('Find a voter by pseudonym or chapter').fill('delegate 3');
    expect(await page.locator('#roll-call tbody tr').count()).toBe(1);
    expect(await page.locator('#seated tbody tr').count()).toBe(1);
    await page.getByLabel('Find a voter by pseudonym or chapter').fill('Floor');
    expect(await page.locator('#roll-call tbody tr').count()).toBe(5);
    await page.screenshot({ path: join(ARTIFACTS, 'provenance.png'), fullPage: true });

    // A verify link opens the verify view on that ballot's position, and the proof verifies.
    const ballotLink = page.locator('#roll-call tr[data-voter="Delegate 4"] .recorded a');
    const position = (await page
      .locator('#roll-call tr[data-voter="Delegate 4"] .recorded')
      .getAttribute('data-position'))!;
    expect(await ballotLink.textContent()).toBe(`Verify log position ${position}`);
    await ballotLink.focus();
    await page.keyboard.press('Enter');
    await page.locator('#verdict').waitFor();
    expect(await page.getByLabel('Log position').inputValue()).toBe(position);
    expect(await page.locator('.verdict').getAttribute('data-verified')).toBe('true');
    expect(await page.locator('.verdict .leaf').textContent()).toContain('ConventionBallotCast');
    await page.screenshot({ path: join(ARTIFACTS, 'provenance-verified.png'), fullPage: true });
    await page.close();
  });

  it('shows the STV count that seated the delegates stage by stage, then the apportionment of the chapter’s seats', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/provenance/${ruleId}/2`);
    await page
      .locator('#seated tr[data-voter="Delegate 1"]')
      .getByRole('link', { name: 'The election in Floor chapter' })
      .click();
    await page.getByRole('heading', { name: 'Delegate election in Floor chapter' }).waitFor();
    expect(await page.locator('#election-method').textContent()).toBe('single transferable vote');
    expect(await page.locator('#election-ballots').textContent()).toBe('6');
    expect(await page.locator('#election-quota').textContent()).toBe('2');
    const elected = await page.locator('#elected li').allTextContents();
    expect(elected[0]).toBe('Delegate 1');
    expect([...elected].sort()).toEqual(['Delegate 1', 'Delegate 2', 'Delegate 3', 'Delegate 4', 'Delegate 5']);
    expect(await page.locator('#alternates li').allTextContents()).toEqual(['Alternate One']);

    // Stage 1: three first preferences elect Delegate 1; stage 2 passes its surplus of one on
    // at a third a paper; stage 3 excludes the alternate, and the four continuing are elected.
    const cell = (candidate: string, stage: number) =>
      page.locator(`#stages tr[data-candidate="${candidate}"] td[data-stage="${stage}"]`).textContent();
    expect(await cell('Delegate 1', 1)).toBe('3.00000 (+3.00000) ✔ elected');
    expect(await cell('Delegate 1', 2)).toBe('2.00000 (-1.00000)');
    expect(await cell('Delegate 2', 2)).toBe('0.66666 (+0.66666)');
    expect(await cell('Alternate One', 3)).toContain('✘ excluded');
    const step = (stage: number) => page.locator(`#stage-steps li[data-stage="${stage}"]`).textContent();
    expect(await step(2)).toContain('surplus transferred — Delegate 1');
    expect(await step(2)).toContain('3 papers transferred at 0.33333 each: 1.00000 votes');
    expect(await step(3)).toContain('exclusion — Alternate One');
    expect(await step(3)).toContain('excluded: Alternate One');
    expect(await page.locator('svg[role="img"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'election-stv.png'), fullPage: true });

    await page.getByRole('link', { name: 'The apportionment of seats (Floor chapter)' }).click();
    await page.getByRole('heading', { name: 'Apportionment of seats: Founding convention' }).waitFor();
    expect(await page.locator('#apportionment-method').textContent()).toBe('Sainte-Laguë');
    const row = page.locator('#apportionment-chapters tr[data-chapter="Floor chapter"]');
    expect(await row.getAttribute('aria-current')).toBe('true');
    expect(await row.locator('[data-cell="members"]').textContent()).toBe(String(chapterMembers));
    expect(await row.locator('[data-cell="seats"]').textContent()).toBe('5');
    expect(await row.locator('[data-cell="quotient"]').textContent()).toContain(decidingQuotient());
    expect(await page.locator('#awards tbody tr').count()).toBe(4);
    await page.screenshot({ path: join(ARTIFACTS, 'apportionment.png'), fullPage: true });
    await page.close();
  });

  it('shows the approval count that seated the first convention’s delegates', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/provenance/${ruleId}/1`);
    await page.getByRole('heading', { name: 'How “Dues” was adopted' }).waitFor();
    expect(
      await page.locator('#seated tr[data-voter="Delegate 2"] [data-cell="election"] p').first().textContent(),
    ).toMatch(/^approval · 5 seats, 6 ballots counted · place [1-5] in the count$/);
    await page
      .locator('#seated tr[data-voter="Delegate 2"]')
      .getByRole('link', { name: 'The election in Floor chapter' })
      .click();
    await page.getByRole('heading', { name: 'Delegate election in Floor chapter' }).waitFor();
    expect(page.url()).toContain(`#/election/${firstConventionId}/${chapterId}`);
    // Every delegate approved every delegate; the alternate approved only themself.
    const approvals = (candidate: string) => page.locator(`tr[data-candidate="${candidate}"] td`).textContent();
    expect(await approvals('Delegate 2')).toBe('5');
    expect(await approvals('Alternate One')).toBe('1');
    await page.close();
  });

  /** The log position a verify link opens. */
  const linkedPosition = async (link: { getAttribute(name: string): Promise<string | null> }) =>
    decodeURIComponent(((await link.getAttribute('href')) ?? '').replace('#/verify/', ''));
  /** A position of the command whose receipt is `receipt` (its last event): at or a few below it. */
  const inCommand = (position: string, receipt: string) =>
    BigInt(position) <= BigInt(receipt) && BigInt(position) > BigInt(receipt) - 5n;

  it('blames each clause of the amended version on the amendment that wrote it, with a verify link to its drafting', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/provenance/${ruleId}/2`);
    await page.getByRole('heading', { name: 'What last shaped each clause' }).waitFor();
    const clause = (n: number) => page.locator(`#blame tr[data-clause="${n}"]`);
    expect(await page.locator('#blame tbody tr').count()).toBe(2);
    // Clause 1: the amending proposal's "two euros", reworded by Delegate 3's friendly amendment.
    expect(await clause(1).locator('[data-cell="text"]').textContent()).toBe('Dues are one euro.');
    expect(await clause(1).locator('[data-cell="origin-line"]').textContent()).toMatch(
      /^Primary amendment · moved by Delegate 3 · /,
    );
    // Clause 2: inserted by Delegate 4's primary, but the words are Delegate 2's secondary's.
    expect(await clause(2).locator('[data-cell="text"]').textContent()).toBe('Students and retirees pay nothing.');
    expect(await clause(2).locator('[data-cell="origin-line"]').textContent()).toMatch(
      /^Secondary amendment · moved by Delegate 2 · /,
    );
    const friendlyLink = clause(1).locator('.recorded a');
    expect(inCommand(await linkedPosition(friendlyLink), movedAt['Delegate 3'])).toBe(true);
    expect(await clause(1).locator('.recorded').textContent()).toContain('AmendmentProposed');
    expect(inCommand(await linkedPosition(clause(2).locator('.recorded a')), movedAt['Delegate 2'])).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'blame.png'), fullPage: true });
    // The verify link proves the drafting event in the ledger.
    await friendlyLink.click();
    await page.locator('.verdict[data-verified="true"]').waitFor();
    await page.close();
  });

  it('diffs two versions clause by clause, chosen with the version pickers', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/rule/${ruleId}`);
    await page.getByRole('link', { name: 'Compare versions' }).click();
    await page.getByRole('heading', { name: 'Changes to “Dues”' }).waitFor();
    expect(await page.getByLabel('From version').inputValue()).toBe('1');
    expect(await page.getByLabel('To version').inputValue()).toBe('2');
    const rows = page.locator('#diff tbody tr');
    expect(await rows.count()).toBe(2);
    const cell = (row: number, name: string) => rows.nth(row).locator(`[data-cell="${name}"]`);
    // Clause 1 reworded: the changed words struck through and underlined, named in words, not by colour.
    expect(await rows.nth(0).getAttribute('data-change')).toBe('CHANGED');
    expect(await cell(0, 'change').textContent()).toBe('≠ Changed');
    expect(await cell(0, 'numbers').textContent()).toBe('1 → 1');
    expect(await cell(0, 'before').textContent()).toBe('Dues are removed: voluntary.');
    expect(await cell(0, 'before').locator('del').textContent()).toBe('removed: voluntary.');
    expect(await cell(0, 'after').textContent()).toBe('Dues are added: one euro.');
    expect(await cell(0, 'after').locator('ins').textContent()).toBe('added: one euro.');
    expect(await cell(0, 'origin').locator('[data-cell="origin-line"]').textContent()).toMatch(
      /^Primary amendment · moved by Delegate 3 · /,
    );
    // Clause 2 added by the secondary amendment.
    expect(await rows.nth(1).getAttribute('data-change')).toBe('ADDED');
    expect(await cell(1, 'change').textContent()).toBe('+ Added');
    expect(await cell(1, 'numbers').textContent()).toBe('— → 2');
    expect(await cell(1, 'before').textContent()).toBe('—');
    expect(await cell(1, 'after').locator('ins').textContent()).toBe('added: Students and retirees pay nothing.');
    expect(await cell(1, 'origin').locator('[data-cell="origin-line"]').textContent()).toMatch(
      /^Secondary amendment · moved by Delegate 2 · /,
    );
    expect(inCommand(await linkedPosition(cell(1, 'origin').locator('.recorded a')), movedAt['Delegate 2'])).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'diff.png'), fullPage: true });

    // A version against itself: every clause unchanged.
    await page.getByLabel('From version').selectOption('2');
    await page.locator('#diff caption').getByText('Version 2 to version 2, clause by clause').waitFor();
    expect(
      await rows.evaluateAll((all) =>
        all.map((row) => (row as unknown as { dataset: { change: string } }).dataset.change),
      ),
    ).toEqual(['UNCHANGED', 'UNCHANGED']);
    // Later before earlier is refused in the page, with what to do.
    await page.getByLabel('To version').selectOption('1');
    await page.getByRole('alert').getByText('Choose an earlier version first, then a later one.').waitFor();
    await page.close();
  });

  it('tracks every decision with its status, filtered by kind and status, a page at a time', async () => {
    const all = expectOk(await app.gql('{ decisions(first: 200) { totalCount nodes { kind status } } }')).decisions as {
      totalCount: number;
      nodes: Array<{ kind: string; status: string }>;
    };
    // The test ran 5 convention votes (the rule, then the secondary, the primary and the amending
    // proposal) — 4 — and elected delegates twice, and phase changes of two conventions.
    expect(all.nodes.filter((d) => d.kind === 'CONVENTION_VOTE')).toHaveLength(4);
    expect(all.nodes.filter((d) => d.kind === 'DELEGATE_ELECTION')).toHaveLength(2);
    expect(all.totalCount).toBeGreaterThan(20);
    expect(all.totalCount).toBeLessThanOrEqual(40);

    const page = await openPage();
    await page.goto(`${base}/audit#/decisions`);
    await page.getByRole('heading', { name: 'Decision tracker' }).waitFor();
    await page.locator('#decisions').waitFor();
    const rows = page.locator('#decisions tbody tr');
    expect(await rows.count()).toBe(20);
    expect(await page.locator('p.more span').first().textContent()).toBe(`Showing 20 of ${all.totalCount}.`);
    await page.getByRole('button', { name: 'Show more decisions' }).click();
    await page.locator(`#decisions tbody tr:nth-child(${all.totalCount})`).waitFor();
    expect(await rows.count()).toBe(all.totalCount);
    expect(await page.getByRole('button', { name: 'Show more decisions' }).count()).toBe(0);

    await page.getByLabel('Kind').selectOption('CONVENTION_VOTE');
    await page.locator('#decisions caption').getByText('4 decisions').waitFor();
    expect(await rows.count()).toBe(4);
    for (let i = 0; i < 4; i += 1) {
      expect(await rows.nth(i).locator('[data-cell="kind"]').textContent()).toBe('Convention vote');
      expect(await rows.nth(i).locator('[data-cell="status"]').textContent()).toBe('Adopted');
      expect(await rows.nth(i).locator('[data-cell="body"]').textContent()).toBe('Convention');
      expect(await rows.nth(i).locator('[data-cell="opened"] .recorded a').count()).toBe(1);
    }
    // What is still open, and what it waits on: the second convention was left in RATIFICATION.
    const open = expectOk(
      await app.gql(
        '{ decisions(first: 50, filter: { statuses: [OPEN] }) { nodes { id kind waitingOn { description } } } }',
      ),
    ).decisions.nodes as Array<{ id: string; kind: string; waitingOn: { description: string } | null }>;
    expect(open.map((d) => d.kind)).toContain('PHASE_CHANGE');
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Status').selectOption('OPEN');
    await page.locator('#decisions caption').getByText(`${open.length} decisions`).waitFor();
    for (const decision of open) {
      const row = page.locator(`#decisions tr[data-decision="${decision.id}"]`);
      expect(await row.locator('[data-cell="status"]').textContent()).toBe('Open');
      expect(await row.locator('[data-cell="waiting-on"]').textContent()).toBe(decision.waitingOn?.description ?? '—');
    }
    await page.getByLabel('Kind').selectOption('CONVENTION_VOTE');
    await page.getByLabel('Status').selectOption('REJECTED');
    await page.locator('#decisions-none').getByText('No decision matches.').waitFor();
    await page.getByLabel('Kind').selectOption('DELEGATE_ELECTION');
    await page.getByLabel('Status').selectOption('ADOPTED');
    await page.locator('#decisions caption').getByText('2 decisions').waitFor();
    expect(page.url()).toContain('kind=DELEGATE_ELECTION&status=ADOPTED');
    await page.screenshot({ path: join(ARTIFACTS, 'decisions.png'), fullPage: true });
    await page.close();
  });

  it('has no serious or critical accessibility violations in any view (axe-core)', async () => {
    const page = await openPage();
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const views: Array<[string, string]> = [
      ['charter', 'Rules in force'],
      [`rule/${ruleId}`, 'Version 1'],
      ['structure', 'Organization'],
      [`verify/${amendedAt}`, 'Verify an event in the ledger'],
      ['tracker', 'Find my ballot in the published count'],
      [`provenance/${ruleId}/2`, 'How “Dues” was adopted'],
      [`election/${secondConventionId}/${chapterId}`, 'Delegate election in Floor chapter'],
      [`election/${firstConventionId}/${chapterId}`, 'Delegate election in Floor chapter'],
      [`apportionment/${secondConventionId}?chapter=${chapterId}`, 'Apportionment of seats'],
      [`diff/${ruleId}/1/2`, 'Changes to “Dues”'],
      ['decisions', 'Decision tracker'],
    ];
    for (const [view, heading] of views) {
      await page.goto(`${base}/audit#/${view}`);
      await page
        .getByRole('heading', { name: new RegExp(heading) })
        .first()
        .waitFor();
      if (view === 'structure') await page.locator('#phase').waitFor();
      if (view.startsWith('diff')) await page.locator('#diff').waitFor();
      if (view === 'decisions') await page.locator('#decisions').waitFor();
      if (view.startsWith('provenance')) await page.locator('#blame').waitFor();
      // The page's CSP forbids inline scripts: axe is evaluated through the debugging protocol instead.
      await page.evaluate(axe);
      const { violations } = await page.evaluate(() => (globalThis as unknown as PageGlobals).axe.run());
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect({ view, serious: serious.map((v) => `${v.id}: ${v.help}`) }).toEqual({ view, serious: [] });
      if (view === 'structure' || view === 'tracker') {
        await page.screenshot({ path: join(ARTIFACTS, `${view}.png`), fullPage: true });
      }
    }
    await page.close();
  });

  it('switches to Spanish', async () => {
    const page = await openPage();
    await page.goto(`${base}/audit#/charter`);
    await page.getByRole('heading', { name: 'Rules in force' }).waitFor();
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Normas en vigor' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang)).toBe('es');
    expect(await page.getByRole('link', { name: 'Verificar un evento' }).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'charter-es.png'), fullPage: true });
    await page.goto(`${base}/audit#/provenance/${ruleId}/2`);
    await page.getByRole('heading', { name: 'Cómo se aprobó «Dues»' }).waitFor();
    expect(
      await page.locator('#seated tr[data-voter="Delegate 1"] [data-cell="election"] p').first().textContent(),
    ).toBe('voto único transferible · 5 escaños, 6 papeletas escrutadas · elegido en la etapa 1, puesto 1');
    await page.screenshot({ path: join(ARTIFACTS, 'provenance-es.png'), fullPage: true });
    expect(await page.locator('#blame tr[data-clause="2"] [data-cell="origin-line"]').textContent()).toMatch(
      /^Enmienda secundaria · presentada por Delegate 2 · /,
    );
    await page.goto(`${base}/audit#/diff/${ruleId}/1/2`);
    await page.getByRole('heading', { name: 'Cambios en «Dues»' }).waitFor();
    expect(await page.locator('#diff tbody tr[data-change="CHANGED"] [data-cell="change"]').textContent()).toBe(
      '≠ Modificada',
    );
    expect(await page.locator('#diff tbody tr[data-change="CHANGED"] del').textContent()).toBe('suprimido: voluntary.');
    await page.screenshot({ path: join(ARTIFACTS, 'diff-es.png'), fullPage: true });
    await page.close();
  });

  it('loaded without console errors and without any request beyond the API', () => {
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
