import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppointCommitteeMemberHandler } from './appoint-committee-member/appoint-committee-member.command';
import { CloseInterimDecisionHandler } from './close-interim-decision/close-interim-decision.command';
import { FoundBranchHandler } from './found-branch/found-branch.command';
import { OrganizationReadModel } from './organization.read-model';
import { OrganizationResolver } from './organization.resolver';
import { ProposeInterimDecisionHandler } from './propose-interim-decision/propose-interim-decision.command';
import { PublishCommitmentsHandler } from './publish-commitments/publish-commitments.command';
import { SetInterimRulesHandler } from './set-interim-rules/set-interim-rules.command';
import { RetireCommitteeMemberHandler } from './retire-committee-member/retire-committee-member.command';
import { VoteOnInterimDecisionHandler } from './vote-on-interim-decision/vote-on-interim-decision.command';
import { AuthModule } from '../auth/auth.module';

@Module({
  imports: [CqrsModule, AuthModule],
  providers: [
    OrganizationResolver,
    OrganizationReadModel,
    AppointCommitteeMemberHandler,
    RetireCommitteeMemberHandler,
    PublishCommitmentsHandler,
    FoundBranchHandler,
    ProposeInterimDecisionHandler,
    VoteOnInterimDecisionHandler,
    CloseInterimDecisionHandler,
    SetInterimRulesHandler,
  ],
})
export class OrganizationModule {}
