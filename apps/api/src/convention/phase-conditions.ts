import { Injectable } from '@nestjs/common';
import { ConventionPhase, PhaseBlocker } from '../../../../libs/convention/src';

/** What another slice requires before a convention leaves a phase. */
export interface PhaseCondition {
  /** What stands in the way of moving `conventionId` from `from` to `to`; empty when nothing does. */
  blockers(conventionId: string, from: ConventionPhase, to: ConventionPhase): Promise<PhaseBlocker[]>;
}

/**
 * Where slices register their conditions for leaving a phase (the floor: no convention vote
 * still open), so the convention's phase handler checks them all without knowing the slices.
 */
@Injectable()
export class PhaseConditions {
  private readonly conditions: PhaseCondition[] = [];

  register(condition: PhaseCondition): void {
    this.conditions.push(condition);
  }

  async blockers(conventionId: string, from: ConventionPhase, to: ConventionPhase): Promise<PhaseBlocker[]> {
    const found: PhaseBlocker[] = [];
    for (const condition of this.conditions) found.push(...(await condition.blockers(conventionId, from, to)));
    return found;
  }
}
