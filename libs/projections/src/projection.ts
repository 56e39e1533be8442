import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/src';

/**
 * A read model fed from the global log. Its tables hold only what the events say (never a
 * wall-clock time or a random id), so a rebuild from position 0 reproduces them byte for byte.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the way events map onto them change: the next start rebuilds. */
  readonly version: number;
  /** Tables this projection owns, dropped when it is rebuilt. */
  readonly tables: readonly string[];
  /** DDL creating the tables (and their indexes). */
  readonly schema: string;
  /**
   * True for a projection over the events exactly as stored (the ledger hashes their bytes);
   * every other projection receives them through the upcasters, in today's shapes.
   */
  readonly storedEvents?: true;
  /** Prepares statements once; the returned function applies one event inside the batch's transaction. */
  bind(db: Database.Database): (event: RecordedEvent) => void;
}
