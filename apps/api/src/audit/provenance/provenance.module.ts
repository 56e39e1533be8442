import { Module } from '@nestjs/common';
import {
  CharterRuleProvenanceResolver,
  ProvenanceAmendmentResolver,
  ProvenanceEnactmentResolver,
  ProvenanceRuleResolver,
  ProvenanceVoteResolver,
} from './provenance.resolver';

/** Rule provenance: `rule(id)` and `Charter.rules.provenance`, typed end to end. */
@Module({
  providers: [
    ProvenanceRuleResolver,
    CharterRuleProvenanceResolver,
    ProvenanceEnactmentResolver,
    ProvenanceAmendmentResolver,
    ProvenanceVoteResolver,
  ],
})
export class ProvenanceModule {}
