import { Module } from '@nestjs/common';
import type { KeyVault } from '../../../../libs/privacy/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { KEY_VAULT } from '../infrastructure/tokens';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';
import { LedgerSigner } from './ledger-signer';

@Module({
  providers: [
    {
      provide: LedgerSigner,
      inject: [KEY_VAULT, PLENARY_CONFIG],
      useFactory: (vault: KeyVault, config: PlenaryConfig) => LedgerSigner.fromVault(vault, config.ledgerKeyPath),
    },
    LedgerService,
    LedgerResolver,
  ],
})
export class LedgerModule {}
