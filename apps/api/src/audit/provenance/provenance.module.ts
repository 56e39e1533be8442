import { Module } from '@nestjs/common';
import { ClauseOriginResolver, RuleDiffResolver, RuleVersionBlameResolver } from './clause-blame.resolver';
import {
  CharterRuleProvenanceResolver,
  ProvenanceAmendmentResolver,
  ProvenanceEnactmentResolver,
  ProvenanceRuleResolver,
  ProvenanceVoteResolver,
} from './provenance.resolver';

/** Rule provenance: `rule(id)` and `Charter.rules.provenance`, typed end to end; clause blame and `ruleDiff`. */
@Module({
  providers: [
    ProvenanceRuleResolver,
    CharterRuleProvenanceResolver,
    ProvenanceEnactmentResolver,
    ProvenanceAmendmentResolver,
    ProvenanceVoteResolver,
    RuleVersionBlameResolver,
    RuleDiffResolver,
    ClauseOriginResolver,
  ],
})
export class ProvenanceModule {}
