import { InvalidInputError } from '../../../core/src';
import { MAX_STATISTICS_PERIODS, StatisticsInterval, statisticsPeriods } from './statistics-periods';

const NOW = '2027-01-01T00:00:00.000Z';

function refusal(from: string, to: string, interval: StatisticsInterval) {
  try {
    statisticsPeriods(from, to, interval, NOW);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  throw new Error('not refused');
}

describe('statistics periods', () => {
  it('steps by the interval from `from`, the last period cut short at `to`', () => {
    expect(statisticsPeriods('2026-01-01T00:00:00.000Z', '2026-01-17T12:00:00.000Z', 'WEEK', NOW)).toEqual([
      { start: '2026-01-01T00:00:00.000Z', end: '2026-01-08T00:00:00.000Z' },
      { start: '2026-01-08T00:00:00.000Z', end: '2026-01-15T00:00:00.000Z' },
      { start: '2026-01-15T00:00:00.000Z', end: '2026-01-17T12:00:00.000Z' },
    ]);
  });

  it("keeps the day of the month, or the month's last day, counting each step from `from`", () => {
    expect(
      statisticsPeriods('2026-01-31T09:00:00.000Z', '2026-05-01T00:00:00.000Z', 'MONTH', NOW).map(
        (period) => period.end,
      ),
    ).toEqual([
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-30T09:00:00.000Z',
      '2026-05-01T00:00:00.000Z',
    ]);
    expect(
      statisticsPeriods('2024-02-29T00:00:00.000Z', '2026-12-31T00:00:00.000Z', 'YEAR', NOW).map((p) => p.end),
    ).toEqual(['2025-02-28T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-12-31T00:00:00.000Z']);
    expect(statisticsPeriods('2026-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z', 'QUARTER', NOW)).toHaveLength(4);
  });

  it('allows as many periods as the bound, and refuses one more', () => {
    const from = '2025-01-01T00:00:00.000Z';
    const bound = new Date(Date.parse(from) + MAX_STATISTICS_PERIODS * 86_400_000).toISOString();
    expect(statisticsPeriods(from, bound, 'DAY', NOW)).toHaveLength(MAX_STATISTICS_PERIODS);
    const over = new Date(Date.parse(bound) + 1).toISOString();
    expect(refusal(from, over, 'DAY')).toEqual([
      expect.objectContaining({ field: 'interval', reason: 'TOO_MANY_PERIODS' }),
    ]);
  });

  it('refuses an empty or backwards range, a future end and an unknown interval, all at once', () => {
    expect(refusal('2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', 'DAY')).toEqual([
      { field: 'from', message: 'must be before to', reason: 'INVALID_TIME_RANGE' },
    ]);
    expect(
      refusal('2028-02-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z', 'FORTNIGHT' as StatisticsInterval).map(
        (problem) => problem.reason,
      ),
    ).toEqual(['UNKNOWN_INTERVAL', 'INVALID_TIME_RANGE', 'TIME_IN_FUTURE']);
  });
});
