import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type Database from 'better-sqlite3';
import type { Actor } from '../../../../../libs/core/src';
import type { RecordedEvent } from '../../../../../libs/event-store/src';
import { ProjectionRunner } from '../../../../../libs/projections/src';
import { READ_MODEL_DATABASE } from '../../infrastructure/tokens';
import { Recorded } from '../recorded.types';
import { liveChangeOf } from './live-changes';
import { ConventionPhaseChange, DecisionChange, RollCallParticipation } from './live.types';

export const LIVE_TOPICS = {
  phase: 'live.conventionPhaseChanged',
  decision: 'live.decisionChanged',
  participation: 'live.rollCallParticipation',
} as const;

interface MercuriusPubSub {
  publish(event: { topic: string; payload: unknown }, callback?: () => void): void;
}

/**
 * Feeds the subscriptions from the projection runner: every process follows the same log, so a
 * subscriber on one replica hears what was recorded through any other. Each batch is published
 * after it committed, so a query with waitForPosition sees what the message says.
 */
@Injectable()
export class LivePublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private stopListening: (() => void) | undefined;
  private readonly pseudonymOf: Database.Statement<[string], string>;
  private readonly participationOf: Database.Statement<[string], { ballots: number; electorate: number }>;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(READ_MODEL_DATABASE) db: Database.Database,
  ) {
    this.pseudonymOf = db.prepare<[string], string>('SELECT pseudonym FROM members WHERE member_id = ?').pluck();
    this.participationOf = db.prepare<[string], { ballots: number; electorate: number }>(
      `SELECT (SELECT COUNT(*) FROM floor_ballots b WHERE b.vote_id = v.vote_id) AS ballots,
              v.electorate_seats AS electorate
         FROM floor_votes v WHERE v.vote_id = ?`,
    );
  }

  onApplicationBootstrap(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<{ graphql: { pubsub: MercuriusPubSub } }>();
    const pubsub = fastify.graphql.pubsub;
    this.stopListening = this.runner.onApplied((events) => this.publish(pubsub, events));
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  private publish(pubsub: MercuriusPubSub, events: readonly RecordedEvent[]): void {
    // One participation message per vote and batch: the count as the committed batch left it.
    const ballots = new Map<string, RecordedEvent>();
    for (const event of events) {
      const change = liveChangeOf(event);
      if (change === undefined) continue;
      if (change.topic === 'ballot') {
        ballots.set(change.voteId, event);
        continue;
      }
      if (change.topic === 'phase') {
        const conventionPhaseChanged: ConventionPhaseChange = {
          conventionId: change.conventionId,
          from: change.from as ConventionPhaseChange['from'],
          to: change.to as ConventionPhaseChange['to'],
          position: event.position.toString(),
          recorded: this.recorded(event),
        };
        pubsub.publish({ topic: LIVE_TOPICS.phase, payload: { conventionPhaseChanged } });
      } else {
        const decisionChanged: DecisionChange = {
          kind: change.kind,
          id: change.id,
          change: change.change,
          position: event.position.toString(),
          recorded: this.recorded(event),
        };
        pubsub.publish({ topic: LIVE_TOPICS.decision, payload: { decisionChanged } });
      }
    }
    for (const [voteId, event] of ballots) {
      const counted = this.participationOf.get(voteId);
      if (counted === undefined) continue;
      const rollCallParticipation: RollCallParticipation = {
        voteId,
        ballots: counted.ballots,
        electorate: counted.electorate,
        position: event.position.toString(),
        recorded: this.recorded(event),
      };
      pubsub.publish({ topic: LIVE_TOPICS.participation, payload: { rollCallParticipation } });
    }
  }

  /** Only public acts reach here (no secret ballot), so the actor is named. */
  private recorded(event: RecordedEvent): Recorded {
    const actor = event.metadata.actor as Actor | undefined;
    const shown =
      actor === undefined || actor === null
        ? null
        : actor.kind === 'operator'
          ? actor.name
          : (this.pseudonymOf.get(actor.memberId) ?? null);
    return { position: event.position.toString(), at: event.metadata.acceptedAt, eventType: event.type, actor: shown };
  }
}
