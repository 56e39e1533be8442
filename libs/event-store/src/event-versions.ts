import type { DomainEvent, EventMetadata, Upcaster, VersionedEvent } from '../../core/src';
import { seatsApportionedUpcasters } from '../../convention/src';
import type { RecordedEvent } from './event-store';

/**
 * The one place stored events are turned into the shapes today's code reads. The command
 * runner (folding streams), the projection runner (feeding read models) and the log scans all
 * read through it, so no reader casts stored JSON of an older shape.
 */
export class EventVersions {
  private readonly upcasters = new Map<string, Map<number, Upcaster>>();
  private readonly current = new Map<string, number>();

  constructor(upcasters: readonly Upcaster[]) {
    for (const upcaster of upcasters) {
      const byVersion = this.upcasters.get(upcaster.type) ?? new Map<number, Upcaster>();
      if (byVersion.has(upcaster.fromVersion)) {
        throw new Error(`Two upcasters read ${upcaster.type} version ${upcaster.fromVersion}`);
      }
      byVersion.set(upcaster.fromVersion, upcaster);
      this.upcasters.set(upcaster.type, byVersion);
      this.current.set(upcaster.type, Math.max(this.current.get(upcaster.type) ?? 1, upcaster.fromVersion + 1));
    }
  }

  /** The version events of this type are written at today: 1 unless an upcaster reads an older one. */
  currentVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  /** Metadata to store with a new event: its version, when above 1. */
  metadataFor(type: string, metadata: EventMetadata): EventMetadata {
    const version = this.currentVersion(type);
    return version === 1 ? metadata : { ...metadata, eventVersion: version };
  }

  /**
   * A stored event as the current version of its type: itself for types never changed (without
   * touching its metadata, which the SQLite store parses only on demand), else through every
   * upcaster from its stored version on. Events split from one stored event share its position,
   * revision, id and metadata.
   */
  read(recorded: RecordedEvent): readonly RecordedEvent[] {
    if (!this.upcasters.has(recorded.type)) return [recorded];
    const stored = recorded.metadata.eventVersion ?? 1;
    const upcast = this.upcast({ type: recorded.type, data: recorded.data, version: stored });
    if (upcast.length === 1 && upcast[0].type === recorded.type && upcast[0].data === recorded.data) return [recorded];
    return upcast.map(({ type, data }) => withContent(recorded, type, data));
  }

  /** A stored event as domain events of the current version. */
  readDomain<Event extends DomainEvent>(recorded: RecordedEvent): Event[] {
    return this.read(recorded).map((event) => ({ type: event.type, data: event.data }) as Event);
  }

  private upcast(event: VersionedEvent): VersionedEvent[] {
    const upcaster = this.upcasters.get(event.type)?.get(event.version);
    if (upcaster === undefined) {
      if (event.version > this.currentVersion(event.type)) {
        throw new Error(
          `${event.type} version ${event.version} is newer than this build reads (${this.currentVersion(event.type)})`,
        );
      }
      return [event];
    }
    return upcaster.upcast(event.data).flatMap((next) => {
      if (next.type === event.type && next.version <= event.version) {
        throw new Error(`The upcaster of ${event.type} version ${event.version} does not move it forward`);
      }
      return this.upcast(next);
    });
  }
}

function withContent(recorded: RecordedEvent, type: string, data: unknown): RecordedEvent {
  return {
    id: recorded.id,
    streamName: recorded.streamName,
    revision: recorded.revision,
    position: recorded.position,
    type,
    data,
    get metadata() {
      return recorded.metadata;
    },
  };
}

/** Every upcaster of every stored event type. A type that never changed shape has none. */
export const eventVersions = new EventVersions([...seatsApportionedUpcasters]);
