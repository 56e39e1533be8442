import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { LedgerService } from './ledger.service';
import { LedgerCheckpoint, LedgerConsistency, LedgerEntry } from './ledger.types';

@Resolver()
export class LedgerResolver {
  constructor(private readonly ledger: LedgerService) {}

  @Query(() => LedgerCheckpoint, {
    description: 'The signed Merkle tree head over the log as far as the ledger has reached',
  })
  ledgerCheckpoint(): LedgerCheckpoint {
    return this.ledger.checkpoint();
  }

  @Query(() => LedgerEntry, {
    description: 'A log entry with the audit path proving it is in the tree of the given size',
  })
  ledgerEntry(
    @Args('position', { description: 'Global log position, e.g. from a mutation receipt' }) position: string,
    @Args('treeSize', {
      type: () => Int,
      nullable: true,
      description: 'A checkpoint you hold; the current one when left out',
    })
    treeSize: number | undefined,
  ): Promise<LedgerEntry> {
    return this.ledger.entry(position, treeSize);
  }

  @Query(() => LedgerConsistency, {
    description: 'Proof that the tree of fromSize entries is a prefix of the tree of toSize',
  })
  ledgerConsistency(
    @Args('fromSize', { type: () => Int }) fromSize: number,
    @Args('toSize', { type: () => Int, nullable: true, description: 'The current size when left out' })
    toSize: number | undefined,
  ): LedgerConsistency {
    return this.ledger.consistency(fromSize, toSize);
  }
}
