import type { EventStore, RecordedEvent } from './event-store';
import { eventVersions } from './event-versions';

/**
 * Reads the global log from just after `after` up to and including `upTo`, page by page, and
 * hands every event of the given type (or types) in streams starting with `streamPrefix` to
 * `visit`, in log order, in today's shape (through the upcasters). For counts that must take
 * exactly what was appended between two known positions.
 */
export async function scanLogBetween(
  store: EventStore,
  range: { after: bigint; upTo: bigint; streamPrefix: string; type: string | readonly string[] },
  visit: (event: RecordedEvent) => void,
): Promise<void> {
  const wanted = typeof range.type === 'string' ? [range.type] : range.type;
  let from = range.after;
  while (from < range.upTo) {
    const page = await store.readAll({ after: from, maxCount: 2000 });
    if (page.length === 0) return;
    for (const recorded of page) {
      if (recorded.position > range.upTo) return;
      if (!recorded.streamName.startsWith(range.streamPrefix)) continue;
      for (const current of eventVersions.read(recorded)) if (wanted.includes(current.type)) visit(current);
    }
    from = page[page.length - 1].position;
  }
}
