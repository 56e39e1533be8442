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
  let secondConventionId: string;
  /** The receipts of the delegates' ballots on the amending proposal, delegate i at index i. */
  let amendmentBallots: string[];
  const trackers: string[] = [];
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
    const moveAmendment = async (mover: FloorMember, input: Record<string, unknown>) =>
      expectOk(
        await app.gql(
          `mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { amendmentId } }`,
          { input },
          { token: mover.token },
        ),
      ).proposeAmendment.amendmentId as string;

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
    expectOk(await app.gql('query ($w: String) { charter(waitForPosition: $w) { rules { id } } }', { w: amendedAt }));

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

  it('has no serious or critical accessibility violations in any view (axe-core)', async () => {
    const page = await openPage();
    const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const views: Array<[string, string]> = [
      ['charter', 'Rules in force'],
      [`rule/${ruleId}`, 'Version 1'],
      ['structure', 'Organization'],
      [`verify/${amendedAt}`, 'Verify an event in the ledger'],
      ['tracker', 'Find my ballot in the published count'],
    ];
    for (const [view, heading] of views) {
      await page.goto(`${base}/audit#/${view}`);
      await page
        .getByRole('heading', { name: new RegExp(heading) })
        .first()
        .waitFor();
      if (view === 'structure') await page.locator('#phase').waitFor();
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
    await page.close();
  });

  it('loaded without console errors and without any request beyond the API', () => {
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
