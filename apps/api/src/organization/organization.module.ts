import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppointCommitteeMemberHandler } from './appoint-committee-member/appoint-committee-member.command';
import { FoundBranchHandler } from './found-branch/found-branch.command';
import { OrganizationReadModel } from './organization.read-model';
import { OrganizationResolver } from './organization.resolver';
import { PublishCommitmentsHandler } from './publish-commitments/publish-commitments.command';
import { RetireCommitteeMemberHandler } from './retire-committee-member/retire-committee-member.command';
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
  ],
})
export class OrganizationModule {}
