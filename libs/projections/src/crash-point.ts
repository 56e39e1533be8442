/**
 * Crash points for crash tests: `crashPoint('close-vote/after-close')` kills this process on the
 * spot (SIGKILL, as a power cut or the OOM killer would: no handlers, no flush) when the
 * environment variable PLENARY_CRASH_POINT names that point. Only tests set it; everywhere else
 * a crash point costs one comparison.
 */
export const CRASH_POINT_VARIABLE = 'PLENARY_CRASH_POINT';

export function crashPoint(name: string): void {
  if (process.env[CRASH_POINT_VARIABLE] !== name) return;
  process.kill(process.pid, 'SIGKILL');
}
