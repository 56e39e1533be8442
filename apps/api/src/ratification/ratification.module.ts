import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { CastReferendumBallotHandler } from './cast-referendum-ballot/cast-referendum-ballot.command';
import { CloseReferendumHandler } from './close-referendum/close-referendum.command';
import { OpenReferendumHandler } from './open-referendum/open-referendum.command';
import { RatificationReadModel } from './ratification.read-model';
import { FinalStructureResolver, InterimStructureResolver, RatificationResolver } from './ratification.resolver';

@Module({
  imports: [CqrsModule, AuthModule],
  providers: [
    RatificationResolver,
    InterimStructureResolver,
    FinalStructureResolver,
    RatificationReadModel,
    OpenReferendumHandler,
    CastReferendumBallotHandler,
    CloseReferendumHandler,
  ],
})
export class RatificationModule {}
