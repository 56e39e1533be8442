import { Inject, Injectable, Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DomainError, InvalidInputError } from '../../../../libs/core/src';
import type { EventStore } from '../../../../libs/event-store/src';
import { consistencyProof, inclusionProof, ledgerLeafText, leafHash, rootHash } from '../../../../libs/ledger/src';
import { ProjectionRunner, ledgerSubtrees } from '../../../../libs/projections/src';
import { ReadModels } from '../infrastructure/read-models.service';
import { EVENT_STORE, LEDGER_DATABASE, LEDGER_PROJECTION_RUNNER } from '../infrastructure/tokens';
import { LedgerSigner } from './ledger-signer';
import { LedgerCheckpoint, LedgerConsistency, LedgerEntry } from './ledger.types';

const POSITION = /^[1-9][0-9]{0,18}$/;

/** Checkpoints and proofs over the ledger projection's tree. */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger('Ledger');
  private readonly size;
  private readonly leafAt;

  constructor(
    @Inject(LEDGER_DATABASE) private readonly db: Database.Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly readModels: ReadModels,
    private readonly signer: LedgerSigner,
  ) {
    this.size = db.prepare('SELECT count(*) FROM ledger_leaves').pluck();
    this.leafAt = db.prepare<[number], { leaf_index: number; hash: Buffer }>(
      'SELECT leaf_index, hash FROM ledger_leaves WHERE position = ?',
    );
  }

  checkpoint(): LedgerCheckpoint {
    this.refuseWhileStalled();
    const treeSize = this.size.get() as number;
    const root = rootHash(ledgerSubtrees(this.db), treeSize).toString('base64');
    return {
      treeSize,
      rootHash: root,
      signature: this.signer.signCheckpoint(treeSize, root),
      publicKey: this.signer.publicKeyPem,
    };
  }

  /** The entry at a log position with its audit path; re-derives the leaf from the log, so an altered event is caught here. */
  async entry(position: string, treeSize: number | undefined): Promise<LedgerEntry> {
    if (!POSITION.test(position)) {
      throw new InvalidInputError([{ field: 'position', message: 'must be a log position (a whole number from 1)' }]);
    }
    const size = this.checkTreeSize('treeSize', treeSize);
    const stored = this.leafAt.get(Number(position));
    if (stored === undefined || stored.leaf_index >= size) {
      throw new DomainError(
        'NOT_FOUND',
        'LEDGER_ENTRY_NOT_FOUND',
        `No log entry at position ${position} in the ledger's first ${size} entries`,
      );
    }
    const [event] = await this.store.readAll({ after: BigInt(position) - 1n, maxCount: 1 });
    const leaf = event?.position === BigInt(position) ? ledgerLeafText(event) : undefined;
    if (leaf === undefined || !leafHash(Buffer.from(leaf, 'utf8')).equals(stored.hash)) {
      this.logger.error(`log entry ${position} does not match its ledger leaf: the log has been altered`);
      throw new DomainError(
        'UNAVAILABLE',
        'LEDGER_MISMATCH',
        `The log entry at position ${position} no longer matches the ledger; an operator has been alerted`,
      );
    }
    return {
      position,
      leafIndex: stored.leaf_index,
      leaf,
      treeSize: size,
      auditPath: inclusionProof(ledgerSubtrees(this.db), stored.leaf_index, size).map((hash) =>
        hash.toString('base64'),
      ),
    };
  }

  consistency(fromSize: number, toSize: number | undefined): LedgerConsistency {
    const to = this.checkTreeSize('toSize', toSize);
    if (!Number.isSafeInteger(fromSize) || fromSize < 0 || fromSize > to) {
      throw new InvalidInputError([{ field: 'fromSize', message: `must be a whole number from 0 to ${to}` }]);
    }
    return {
      fromSize,
      toSize: to,
      proof: consistencyProof(ledgerSubtrees(this.db), fromSize, to).map((hash) => hash.toString('base64')),
    };
  }

  /** What claims to be the current tree is refused while the ledger cannot follow the log. */
  private refuseWhileStalled(): void {
    this.readModels.refuseUnlessAdvancing(this.runner, 'The ledger');
  }

  private checkTreeSize(field: string, requested: number | undefined): number {
    const current = this.size.get() as number;
    if (requested === undefined) {
      this.refuseWhileStalled();
      return current;
    }
    if (!Number.isSafeInteger(requested) || requested < 1 || requested > current) {
      throw new InvalidInputError([{ field, message: `must be a tree size from 1 to ${current}` }]);
    }
    return requested;
  }
}
