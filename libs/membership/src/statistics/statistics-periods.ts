import { FieldProblem, InvalidInputError } from '../../../core/src';

export type StatisticsInterval = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
export const STATISTICS_INTERVALS: readonly StatisticsInterval[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/** The most periods one table may have: a year of days, or thirty years of months. */
export const MAX_STATISTICS_PERIODS = 366;

/** One column of a statistics table: counts as of `end`, the period running from `start`. */
export interface StatisticsPeriod {
  readonly start: string;
  readonly end: string;
}

/** `from` moved on by `steps` intervals, in UTC; a month step keeps the day, or the month's last. */
function advance(from: Date, interval: StatisticsInterval, steps: number): Date {
  const days = interval === 'DAY' ? 1 : interval === 'WEEK' ? 7 : 0;
  if (days > 0) return new Date(from.getTime() + steps * days * 86_400_000);
  const months = steps * (interval === 'MONTH' ? 1 : interval === 'QUARTER' ? 3 : 12);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(from.getUTCDate(), lastDay),
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
}

/**
 * The periods from `from` to `to`, one interval each (the last one cut short at `to`), each
 * counted as of its end. `now` bounds `to`: counts as of an instant still to come would be
 * guesses, and would change under a reader's eyes. Every problem is reported at once.
 */
export function statisticsPeriods(
  from: string,
  to: string,
  interval: StatisticsInterval,
  now: string,
): StatisticsPeriod[] {
  const problems: FieldProblem[] = [];
  if (!STATISTICS_INTERVALS.includes(interval))
    problems.push({
      field: 'interval',
      message: `must be one of ${STATISTICS_INTERVALS.join(', ')}`,
      reason: 'UNKNOWN_INTERVAL',
    });
  if (from >= to) problems.push({ field: 'from', message: 'must be before to', reason: 'INVALID_TIME_RANGE' });
  if (to > now)
    problems.push({
      field: 'to',
      message: `must not be later than now (${now}): counts are only known for instants that have passed`,
      reason: 'TIME_IN_FUTURE',
    });
  if (problems.length > 0) throw new InvalidInputError(problems);

  const start = new Date(from);
  const periods: StatisticsPeriod[] = [];
  for (let step = 0; ; step++) {
    const periodStart = advance(start, interval, step).toISOString();
    if (periodStart >= to) break;
    if (periods.length === MAX_STATISTICS_PERIODS)
      throw new InvalidInputError([
        {
          field: 'interval',
          message: `from ${from} to ${to} by ${interval} makes more than ${MAX_STATISTICS_PERIODS} periods; choose a longer interval or a shorter range`,
          reason: 'TOO_MANY_PERIODS',
        },
      ]);
    const next = advance(start, interval, step + 1).toISOString();
    periods.push({ start: periodStart, end: next < to ? next : to });
  }
  return periods;
}
