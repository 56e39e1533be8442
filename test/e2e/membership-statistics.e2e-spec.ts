import { ok } from '../support/founding-convention';
import { TestApp } from '../support/test-app';

const STATISTICS = `query ($groupBy: StatisticsDimension!, $from: DateTime!, $to: DateTime!, $interval: StatisticsInterval,
                       $first: Int, $after: String, $wait: String) {
  membershipStatistics(groupBy: $groupBy, from: $from, to: $to, interval: $interval, first: $first, after: $after,
                       waitForPosition: $wait) {
    groupBy interval minimumCellSize
    periods { start end }
    totals { count suppressed reason }
    rows {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { group { kind id name } cells { count suppressed reason } }
    }
  }
}`;

type Cell = { count: number | null; suppressed: boolean; reason: string | null };
type Row = { group: { kind: string; id: string | null; name: string | null }; cells: Cell[] };
type Statistics = {
  groupBy: string;
  interval: string;
  minimumCellSize: number;
  periods: { start: string; end: string }[];
  totals: Cell[];
  rows: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Row[] };
};

const K = 5;
const DAY = 86_400_000;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('membership statistics over GraphQL (e2e)', () => {
  let app: TestApp;
  let last: string;
  let from: string;
  let mid: string;
  let to: string;
  const chapterIds: Record<string, string> = {};
  let branchId: string;
  let enrolled = 0;

  const statistics = async (groupBy: string, variables: Record<string, unknown> = {}) =>
    ok(
      await app.gql<{ membershipStatistics: Statistics }>(STATISTICS, {
        groupBy,
        from,
        to,
        interval: 'DAY',
        wait: last,
        ...variables,
      }),
    ).membershipStatistics;
  const rowNamed = (table: Statistics, kind: string, name: string | null = null) => {
    const row = table.rows.nodes.find((node) => node.group.kind === kind && node.group.name === name);
    if (row === undefined) throw new Error(`no ${kind} row ${name}`);
    return row;
  };
  const refusal = async (variables: Record<string, unknown>, query = STATISTICS) => {
    const result = await app.gql(query, { groupBy: 'CHAPTER', from, to, interval: 'DAY', ...variables });
    expect(result.data ?? null).toBeNull();
    return result.errors![0];
  };

  /** Enrols `count` members with `region`, tokens in order. */
  const enrollMembers = async (count: number, region: string): Promise<string[]> => {
    const tokens: string[] = [];
    for (let index = 0; index < count; index++) {
      const member = await app.enroll(`Member ${++enrolled}`, region);
      tokens.push(member.token);
      last = member.position;
    }
    return tokens;
  };
  /** A chapter of `size` members of `region`: three founders, the rest join. */
  const chapterOf = async (name: string, size: number, region: string, branch?: string): Promise<string[]> => {
    const tokens = await enrollMembers(size, region);
    const founded = await app.foundChapter(tokens[0], name, null, { coFounders: tokens.slice(1, 3), branchId: branch });
    chapterIds[name] = founded.chapterId;
    last = founded.position;
    for (const token of tokens.slice(3)) {
      const joined = ok(
        await app.gql<{ joinChapter: { receipt: { position: string } } }>(
          `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
          { input: { chapterId: founded.chapterId } },
          { token },
        ),
      );
      last = joined.joinChapter.receipt.position;
    }
    return tokens;
  };

  beforeAll(async () => {
    // A small work budget, so a year of days over this organization's chapters is refused.
    app = await TestApp.start({ PLENARY_STATS_MAX_CELLS: '2000' }, { chapterFoundersMinimum: 3 });
    const branch = ok(
      await app.gql<{ foundBranch: { branchId: string } }>(
        `mutation { foundBranch(input: { name: "Section Portugal", countryCode: "PT" }) { branchId } }`,
        {},
        { token: await app.operatorToken() },
      ),
    );
    branchId = branch.foundBranch.branchId;

    // Until `mid`: two chapters of the branch, large enough to publish.
    const lisboa = await chapterOf('Lisboa', 8, 'North', branchId);
    await chapterOf('Porto', 6, 'South', branchId);
    await sleep(5);
    mid = new Date().toISOString();
    await sleep(5);

    // After: a chapter of three (its founders only), an international one, two members in no
    // chapter, a transfer from Lisboa to Porto and a resignation.
    await chapterOf('Faro', 3, 'Tiny Village', branchId);
    const online = await chapterOf('Online World', 7, 'East');
    await enrollMembers(2, 'North');
    const transfer = ok(
      await app.gql<{ transferChapter: { receipt: { position: string } } }>(
        `mutation ($input: TransferChapterInput!) { transferChapter(input: $input) { receipt { position } } }`,
        { input: { chapterId: chapterIds.Porto } },
        { token: lisboa[7] },
      ),
    );
    last = transfer.transferChapter.receipt.position;
    const resigned = ok(
      await app.gql<{ resign: { receipt: { position: string } } }>(
        `mutation { resign { receipt { position } } }`,
        {},
        { token: online[6] },
      ),
    );
    last = resigned.resign.receipt.position;
    from = new Date(Date.parse(mid) - DAY).toISOString();
    await sleep(5);
    to = new Date().toISOString();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('counts members per chapter at the end of each period, withholding the small chapter and its complement', async () => {
    const table = await statistics('CHAPTER');
    expect(table).toMatchObject({ groupBy: 'CHAPTER', interval: 'DAY', minimumCellSize: K });
    expect(table.periods).toEqual([
      { start: from, end: mid },
      { start: mid, end: to },
    ]);
    expect(table.totals).toEqual([
      { count: 14, suppressed: false, reason: null },
      { count: 25, suppressed: false, reason: null },
    ]);
    const lisboa = rowNamed(table, 'CHAPTER', 'Lisboa');
    const porto = rowNamed(table, 'CHAPTER', 'Porto');
    const faro = rowNamed(table, 'CHAPTER', 'Faro');
    const online = rowNamed(table, 'CHAPTER', 'Online World');
    const none = rowNamed(table, 'NO_CHAPTER');
    expect(lisboa.group.id).toBe(chapterIds.Lisboa);
    expect(table.rows.totalCount).toBe(5);
    // At `mid`: nothing small, everything published; the chapters founded later had nobody.
    expect([lisboa, porto, faro, online, none].map((row) => row.cells[0].count)).toEqual([8, 6, 0, 0, 0]);

    const end = (row: Row) => row.cells[1];
    // Faro has 3 members: withheld as such.
    expect(end(faro)).toEqual({ count: null, suppressed: true, reason: 'PRIMARY' });
    // Members in no chapter (2) likewise.
    expect(end(none)).toEqual({ count: null, suppressed: true, reason: 'PRIMARY' });
    // The branch total (17, published in the BRANCH table) would give Faro back from Lisboa and
    // Porto (7 each): one of them is withheld as its complement, the other published.
    const branchChapters = [end(lisboa), end(porto)];
    expect(branchChapters.filter((cell) => cell.reason === 'COMPLEMENTARY')).toHaveLength(1);
    expect(branchChapters.find((cell) => !cell.suppressed)).toEqual({ count: 7, suppressed: false, reason: null });
    // Members in no chapter are hidden beside the international chapters (6), and Online World,
    // the only one, with them.
    expect(end(online)).toEqual({ count: null, suppressed: true, reason: 'COMPLEMENTARY' });

    // What is published adds up: the total less the published cells is what the withheld cells
    // hold (3 + 7 + 6 + 2), and at least two cells are withheld wherever one is.
    const ends = table.rows.nodes.map(end);
    const published = ends.filter((cell) => !cell.suppressed).reduce((sum, cell) => sum + cell.count!, 0);
    expect(table.totals[1].count! - published).toBe(18);
    expect(ends.filter((cell) => cell.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  it('suppresses the same groups in the branch table, so the two cannot be read side by side', async () => {
    const table = await statistics('BRANCH');
    const portugal = rowNamed(table, 'BRANCH', 'Section Portugal');
    expect(portugal.group.id).toBe(branchId);
    expect(portugal.cells.map((cell) => cell.count)).toEqual([14, 17]);
    expect(rowNamed(table, 'INTERNATIONAL').cells).toEqual([
      { count: 0, suppressed: false, reason: null },
      { count: null, suppressed: true, reason: 'COMPLEMENTARY' },
    ]);
    expect(rowNamed(table, 'NO_CHAPTER').cells[1]).toEqual({ count: null, suppressed: true, reason: 'PRIMARY' });
    // The published branch, less the published chapter of it, leaves two withheld chapters.
    const chapters = await statistics('CHAPTER');
    const publishedInBranch = ['Lisboa', 'Porto', 'Faro']
      .map((name) => rowNamed(chapters, 'CHAPTER', name).cells[1])
      .filter((cell) => !cell.suppressed);
    expect(publishedInBranch.map((cell) => cell.count)).toEqual([7]);
  });

  it('lists a region by name only once it has had k members, counting the others together', async () => {
    const table = await statistics('REGION');
    expect(table.rows.nodes.map((row) => [row.group.kind, row.group.name])).toEqual([
      ['REGION', 'East'],
      ['REGION', 'North'],
      ['REGION', 'South'],
      ['OTHER_REGIONS', null],
    ]);
    expect(rowNamed(table, 'REGION', 'North').cells.map((cell) => cell.count)).toEqual([8, 10]);
    expect(rowNamed(table, 'REGION', 'South').cells.map((cell) => cell.count)).toEqual([6, 6]);
    // East had nobody at `mid`, when it was not listed yet: nothing is said about it then.
    expect(rowNamed(table, 'REGION', 'East').cells[0]).toEqual({ count: null, suppressed: true, reason: 'POOLED' });
    // "Tiny Village" (3) is never named; the regions counted together are small, and withheld
    // with the smallest region that hides them (East and South have 6; East comes first).
    expect(rowNamed(table, 'OTHER_REGIONS').cells[1]).toEqual({ count: null, suppressed: true, reason: 'PRIMARY' });
    expect(rowNamed(table, 'REGION', 'East').cells[1]).toEqual({
      count: null,
      suppressed: true,
      reason: 'COMPLEMENTARY',
    });
  });

  it('never publishes a count from 1 to k − 1 in any table', async () => {
    for (const groupBy of ['BRANCH', 'CHAPTER', 'REGION']) {
      const table = await statistics(groupBy);
      const cells = [...table.totals, ...table.rows.nodes.flatMap((row) => row.cells)];
      for (const cell of cells) {
        if (cell.count !== null) expect(cell.count === 0 || cell.count >= K).toBe(true);
        expect(cell.suppressed).toBe(cell.count === null);
      }
    }
  });

  it('withholds the same cells of an instant whatever the periods around it, so answers cannot be combined', async () => {
    const byDay = await statistics('CHAPTER');
    const byWeek = await statistics('CHAPTER', {
      from: new Date(Date.parse(to) - 3_600_000).toISOString(),
      interval: 'WEEK',
    });
    expect(byWeek.periods).toHaveLength(1);
    const atEnd = (table: Statistics) =>
      Object.fromEntries(table.rows.nodes.map((row) => [row.group.name ?? row.group.kind, row.cells.at(-1)]));
    expect(atEnd(byWeek)).toEqual(atEnd(byDay));
  });

  it('pages the rows with a cursor', async () => {
    const first = await statistics('CHAPTER', { first: 2 });
    expect(first.rows.nodes.map((row) => row.group.name)).toEqual(['Faro', 'Lisboa']);
    expect(first.rows.pageInfo.hasNextPage).toBe(true);
    const rest = await statistics('CHAPTER', { first: 10, after: first.rows.pageInfo.endCursor });
    expect(rest.rows.nodes.map((row) => row.group.name ?? row.group.kind)).toEqual([
      'Online World',
      'Porto',
      'NO_CHAPTER',
    ]);
    expect(rest.rows.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a range that ends before it begins, lies in the future or has too many periods, naming why', async () => {
    const backwards = await refusal({ from: to, to: from });
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TIME_RANGE' });
    expect(backwards.extensions!.fields).toEqual([
      { field: 'from', message: 'must be before to', reason: 'INVALID_TIME_RANGE' },
    ]);
    const future = await refusal({ to: new Date(Date.now() + DAY).toISOString() });
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TIME_IN_FUTURE' });
    const tooMany = await refusal({ from: new Date(Date.parse(to) - 400 * DAY).toISOString() });
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_PERIODS' });
    expect(tooMany.message).toMatch(/more than 366 periods; choose a longer interval or a shorter range/);
    const tooMuch = await refusal({ from: new Date(Date.parse(to) - 365 * DAY).toISOString() });
    expect(tooMuch.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_CELLS' });
    expect(tooMuch.message).toMatch(/cells, more than the 2000 a request may ask for; choose a longer interval/);
    const cursor = await refusal({ after: 'bm90LWEtY3Vyc29y' });
    expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });

  it('refuses an unknown interval before anything runs', async () => {
    const result = await app.gql(
      `{ membershipStatistics(groupBy: CHAPTER, from: "${from}", to: "${to}", interval: FORTNIGHT) { minimumCellSize } }`,
    );
    expect(result.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(result.errors![0].message).toMatch(/FORTNIGHT/);
    const asVariable = await refusal({ interval: 'FORTNIGHT' });
    expect(asVariable.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(asVariable.message).toMatch(/interval/);
  });
});
