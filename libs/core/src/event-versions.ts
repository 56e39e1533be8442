import type { DomainEvent } from './decider';

/**
 * Event schema versions. A stored event keeps its shape for ever, so when a type's data changes
 * shape its version goes up and an upcaster reads the older version as the newer one. The
 * version travels in the event's metadata (`eventVersion`), written only when above 1, so every
 * event stored before versions existed, and every type that never changed, is version 1 without
 * registering anything: a new event type needs no entry anywhere.
 */
export interface VersionedEvent extends DomainEvent {
  readonly version: number;
}

/**
 * Reads one stored version of one type as events of a later version: usually one event, or
 * several when a shape was split (one old event becoming pages and their closing event).
 * Pure: no I/O, no clock; the same stored event always reads the same.
 */
export interface Upcaster {
  readonly type: string;
  /** The stored version this upcaster reads. */
  readonly fromVersion: number;
  upcast(data: unknown): readonly VersionedEvent[];
}
