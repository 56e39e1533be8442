import { Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangeMemberRegionHandler } from './change-member-region/change-member-region.command';
import { EnrollMemberHandler } from './enroll-member/enroll-member.command';
import { FoundChapterHandler } from './found-chapter/found-chapter.command';
import { JoinChapterHandler } from './join-chapter/join-chapter.command';
import { LeaveChapterHandler } from './leave-chapter/leave-chapter.command';
import { DissolveChapterHandler } from './dissolve-chapter/dissolve-chapter.command';
import { MembershipReadModel } from './membership.read-model';
import { MergeChaptersHandler } from './merge-chapters/merge-chapters.command';
import { ChangeContactDetailsHandler } from './change-contact-details/change-contact-details.command';
import { ErasePersonalDataHandler } from './erase-personal-data/erase-personal-data.command';
import { ResignMemberHandler, ResignationWorkflow } from './resign-member/resign-member.command';
import { SignChapterFoundingHandler } from './sign-chapter-founding/sign-chapter-founding.command';
import { TransferChapterHandler } from './transfer-chapter/transfer-chapter.command';
import { MembershipResolver } from './membership.resolver';
import { AuthModule } from '../auth/auth.module';
import { ProcessManagerRunner } from '../../../../libs/projections/src';
import { ChapterClosureWorkflow } from './chapter-closure';
import { ChapterFoundingWorkflow } from './chapter-founding';

@Module({
  imports: [CqrsModule, AuthModule],
  providers: [
    MembershipResolver,
    MembershipReadModel,
    EnrollMemberHandler,
    FoundChapterHandler,
    JoinChapterHandler,
    LeaveChapterHandler,
    ChangeMemberRegionHandler,
    TransferChapterHandler,
    ResignMemberHandler,
    ChangeContactDetailsHandler,
    ErasePersonalDataHandler,
    SignChapterFoundingHandler,
    MergeChaptersHandler,
    DissolveChapterHandler,
    ChapterClosureWorkflow,
    ResignationWorkflow,
    ChapterFoundingWorkflow,
  ],
})
export class MembershipModule implements OnModuleInit {
  constructor(
    private readonly workflows: ProcessManagerRunner,
    private readonly chapterClosure: ChapterClosureWorkflow,
    private readonly resignation: ResignationWorkflow,
    private readonly founding: ChapterFoundingWorkflow,
  ) {}

  onModuleInit(): void {
    this.workflows.register(this.chapterClosure);
    this.workflows.register(this.resignation);
    this.workflows.register(this.founding);
  }
}
