import { Module } from '@nestjs/common';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({ providers: [LedgerService, LedgerResolver] })
export class LedgerModule {}
