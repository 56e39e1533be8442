import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConventionPhase, PhaseBlocker } from '../../../../libs/convention/src';
import type { EventStore } from '../../../../libs/event-store/src';
import { PhaseCondition, PhaseConditions } from '../convention/phase-conditions';
import { ReadModels } from '../infrastructure/read-models.service';
import { EVENT_STORE } from '../infrastructure/tokens';
import { FloorReadModel } from './floor.read-model';

/** The floor's condition for leaving VOTING: every convention vote has been closed and counted. */
@Injectable()
export class FloorPhaseConditions implements PhaseCondition, OnModuleInit {
  constructor(
    private readonly conditions: PhaseConditions,
    private readonly floor: FloorReadModel,
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.conditions.register(this);
  }

  async blockers(conventionId: string, from: ConventionPhase): Promise<PhaseBlocker[]> {
    if (from !== 'VOTING') return [];
    await this.readModels.waitFor((await this.store.headPosition()).toString());
    const open = this.floor.votes(conventionId).filter((vote) => vote.status === 'OPEN');
    if (open.length === 0) return [];
    return [
      {
        code: 'CONVENTION_VOTES_OPEN',
        message: `${open.length} convention vote(s) still open (${open.map((vote) => vote.id).join(', ')}); close them first`,
      },
    ];
  }
}
