import { Module } from '@nestjs/common';
import { MembershipStatisticsReadModel } from './membership-statistics.read-model';
import { MembershipStatisticsResolver } from './membership-statistics.resolver';

/** Membership over time, with small cells suppressed (read side only). */
@Module({ providers: [MembershipStatisticsResolver, MembershipStatisticsReadModel] })
export class MembershipStatisticsModule {}
