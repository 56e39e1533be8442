import { Module } from '@nestjs/common';
import { TrailReadModel } from './trail.read-model';
import { TrailResolver } from './trail.resolver';

/** Audit trails of entities (read side only). */
@Module({ providers: [TrailResolver, TrailReadModel] })
export class TrailModule {}
