import { Module } from '@nestjs/common';
import { TrackerReadModel } from './tracker.read-model';
import { TrackerResolver } from './tracker.resolver';

/** The committee's and secretariat's decision tracker (read side only). */
@Module({ providers: [TrackerResolver, TrackerReadModel] })
export class TrackerModule {}
