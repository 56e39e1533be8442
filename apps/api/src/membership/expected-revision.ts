import { ConcurrencyConflictError } from '../../../../libs/core/src';
import { EventStore, formatRevision } from '../../../../libs/event-store/src';

/**
 * For a command whose client named the revision it read of the command's own stream, but whose
 * first append goes elsewhere (a name claim before the member or chapter it names): the runner
 * checks that revision only when it reaches the command's stream, after the claim is stored, so
 * a stale one would reserve the name for good. Checking it here, before anything is appended,
 * refuses the command whole. The runner still checks again at the append itself.
 */
export async function refuseStaleExpectedRevision(
  store: EventStore,
  streamName: string,
  expectedRevision: bigint | 'no_stream' | undefined,
): Promise<void> {
  if (expectedRevision === undefined) return;
  const [last] = await store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
  const actual = last === undefined ? 'no_stream' : last.revision;
  if (actual !== expectedRevision) {
    throw new ConcurrencyConflictError(streamName, formatRevision(expectedRevision), formatRevision(actual));
  }
}
