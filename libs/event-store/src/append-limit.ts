import { DomainError } from '../../core/src';
import type { EventToAppend } from './event-store';

/** EventStoreDB's default MaxAppendSize: the most one append may carry. */
export const DEFAULT_MAX_APPEND_BYTES = 1_048_576;

/**
 * The size of an append as EventStoreDB counts it against MaxAppendSize: for each event, the
 * bytes of its data and of its (custom) metadata plus twice the length of its type name, summed
 * over every event of the append (the server's `Event.SizeOnDisk`, added up per request in both
 * its Append and BatchAppend handlers). Data and metadata are the UTF-8 JSON the client sends,
 * which is exactly `JSON.stringify` of what we hand it; the type counts as UTF-16 code units,
 * hence `length`. Ids, stream name and the expected revision do not count. Measuring the same
 * way in every adapter means an append the embedded store accepts is one the cluster accepts.
 */
export function appendSize(events: readonly EventToAppend[]): number {
  let size = 0;
  for (const event of events)
    size += serializedEventSize(event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
  return size;
}

/** One event's share of `appendSize`, for an adapter that has serialized it already. */
export function serializedEventSize(type: string, dataJson: string, metadataJson: string): number {
  return Buffer.byteLength(dataJson, 'utf8') + Buffer.byteLength(metadataJson, 'utf8') + type.length * 2;
}

/**
 * One append would be larger than the store accepts. Nothing was written. A command that meets
 * this publishes too much in one go (a result that should be pages) or was given too much.
 */
export class AppendTooLargeError extends DomainError {
  constructor(
    readonly streamName: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      'BAD_USER_INPUT',
      'APPEND_TOO_LARGE',
      `The events for ${streamName} come to ${size} bytes, over the event store's limit of ${limit} bytes per ` +
        "append (PLENARY_MAX_APPEND_BYTES, which must not exceed the server's MaxAppendSize); nothing was " +
        'written: send less in one command (shorter texts, fewer items)',
      { stream: streamName, size, limit },
    );
  }
}

/** Refuses an append over `limit` bytes (see `appendSize` for what is counted). */
export function assertAppendFits(streamName: string, size: number, limit: number): void {
  if (size > limit) throw new AppendTooLargeError(streamName, size, limit);
}

export function checkedAppendLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_MAX_APPEND_BYTES;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`The append limit must be a positive whole number of bytes, not ${String(limit)}`);
  }
  return value;
}
