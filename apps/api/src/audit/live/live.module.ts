import { Module } from '@nestjs/common';
import { LivePublisher } from './live.publisher';
import { LiveResolver } from './live.resolver';

/** Live updates: GraphQL subscriptions fed by the projection runner (see LivePublisher). */
@Module({ providers: [LiveResolver, LivePublisher] })
export class LiveModule {}
