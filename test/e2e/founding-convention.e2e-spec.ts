import { FoundingOrganization, ok } from '../support/founding-convention';
import { TestApp } from '../support/test-app';

/**
 * One founding convention, start to finish, through the GraphQL API only. The steps share one
 * organization and run in order.
 */
describe('a whole founding convention over GraphQL (e2e)', () => {
  let app: TestApp;
  let org: FoundingOrganization;

  beforeAll(async () => {
    app = await TestApp.start();
    org = new FoundingOrganization(app);
  }, 120_000);

  afterAll(async () => {
    await app.stop();
  });

  it('sets up the interim organization: commitments, committee, 3 branches, 12 chapters, 300 members', async () => {
    await org.setUpInterimOrganization();
    expect(org.memberCount).toBe(300);
    const head = (await app.store.headPosition()).toString();
    const structure = ok(
      await app.gql(
        `query ($wait: String) {
          chapters(waitForPosition: $wait, limit: 50) { name kind status memberCount branchId }
          branches { countryCode }
          committee { pseudonym }
        }`,
        { wait: head },
      ),
    );
    expect(structure.chapters).toHaveLength(12);
    expect(structure.chapters.filter((chapter: { kind: string }) => chapter.kind === 'ONLINE')).toHaveLength(1);
    expect(structure.chapters.every((chapter: { status: string }) => chapter.status === 'ACTIVE')).toBe(true);
    expect(
      structure.chapters.reduce((sum: number, chapter: { memberCount: number }) => sum + chapter.memberCount, 0),
    ).toBe(297);
    expect(structure.branches).toHaveLength(3);
    expect(structure.committee).toHaveLength(3);
  }, 180_000);

  it('calls the convention and apportions 24 seats across the chapters by Sainte-Laguë', async () => {
    await org.callConvention();
    const advanced = ok(await org.advance('DELEGATE_SELECTION'));
    const result = ok(
      await app.gql(
        `query ($wait: String) {
          convention(waitForPosition: $wait) { phase apportionment { method totalSeats chapters { chapterId members seats } } }
        }`,
        { wait: advanced.advanceConventionPhase.receipt.position },
      ),
    );
    const { apportionment, phase } = result.convention;
    expect(phase).toBe('DELEGATE_SELECTION');
    expect(apportionment.method).toBe('SAINTE_LAGUE');
    expect(apportionment.chapters).toHaveLength(12);
    const seats = apportionment.chapters.reduce((sum: number, chapter: { seats: number }) => sum + chapter.seats, 0);
    expect(seats).toBe(24);
    const paris = apportionment.chapters.find(
      (chapter: { chapterId: string }) => chapter.chapterId === org.chapters['Paris Nord'].id,
    );
    expect(paris).toMatchObject({ members: 46 });
    expect(paris.seats).toBeGreaterThanOrEqual(3);
  });

  it('elects delegates and alternates in every chapter, and the secretariat credentials them', async () => {
    await org.electAndCredentialDelegates();
    const roster = await org.roster();
    const delegates = roster.filter((seat) => seat.role === 'DELEGATE');
    expect(delegates).toHaveLength(24);
    expect(delegates.every((seat) => seat.credentialed)).toBe(true);
    expect(roster.filter((seat) => seat.role === 'ALTERNATE')).toHaveLength(12);
    ok(await org.advance('PROPOSAL_SUBMISSION'));
  }, 120_000);
});
