import { ProjectionRunner } from '../../libs/projections/src';
import { conventionInRatification } from '../support/ratification-fixture';
import { TestApp } from '../support/test-app';

const OPEN = `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId receipt { position } } }`;
const RESIGN = `mutation { resign { memberId } }`;

/** Members enrolled and not resigned below `position`, counted straight from the log. */
async function inGoodStandingBelow(app: TestApp, position: bigint): Promise<number> {
  const events = (await app.store.readAll({ after: 0n, maxCount: 100_000 })).filter(
    (event) => event.position < position,
  );
  return (
    events.filter((event) => event.type === 'MemberEnrolled').length -
    events.filter((event) => event.type === 'MemberResigned').length
  );
}

describe('the referendum electorate is counted on the log (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Read models that stop moving: anything that waited for them would fail fast.
    app = await TestApp.start({ PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '200' });
  }, 60_000);

  afterAll(async () => {
    await app.stop();
  });

  it('counts a member who enrolled, and leaves out one who resigned, just before it opened while the read models lag', async () => {
    const convention = await conventionInRatification(app);
    // The read models count everyone up to the convention; the latecomer and the leaver only the log has.
    const projections = app.app.get(ProjectionRunner);
    expect(await projections.waitFor(BigInt(convention.position), 10_000)).toBe(true);
    await projections.stop();
    try {
      const latecomer = await app.enroll('Late Enrollee');
      const leaver = await app.enroll('Early Leaver');
      expect((await app.gql(RESIGN, {}, { token: leaver.token })).errors).toBeUndefined();
      expect(latecomer.memberId).toBeDefined();

      const opened = await app.gql(
        OPEN,
        { input: { conventionId: convention.conventionId } },
        { token: convention.clerk.token },
      );
      expect(opened.errors).toBeUndefined();
      const [event] = await app.store.readStream(`Referendum-${opened.data!.openReferendum.referendumId}`);
      expect(event.type).toBe('ReferendumOpened');
      expect((event.data as { electorateSize: number }).electorateSize).toBe(
        await inGoodStandingBelow(app, event.position),
      );
    } finally {
      projections.start();
    }
  });
});
