import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  ConventionPhase,
  ConventionPhaseAdvanced,
  PhaseBlocker,
  conventionStream,
} from '../../../../libs/convention/src';
import { CommandRunner, EventStore, RecordedEvent, scanLogBetween } from '../../../../libs/event-store/src';
import {
  ConventionVoteOpened,
  ConventionVoteState,
  conventionVoteDecider,
  conventionVoteStream,
} from '../../../../libs/proposals/src';
import { PhaseCondition, PhaseConditions } from '../convention/phase-conditions';
import { EVENT_STORE } from '../infrastructure/tokens';

/** A convention vote as its own stream has it now. */
export interface ConventionVoteOnLog {
  readonly voteId: string;
  readonly opened: RecordedEvent;
  readonly state: ConventionVoteState;
}

/**
 * Every vote of the convention, read from the log itself (never from a read model that may lag):
 * votes open only in VOTING, so the openings lie between the convention's entry into VOTING and
 * the head; each vote's state comes from its own stream.
 */
export async function conventionVotes(
  store: EventStore,
  runner: CommandRunner,
  conventionId: string,
): Promise<ConventionVoteOnLog[]> {
  const entered = (await store.readStream(conventionStream())).find((event) => {
    const data = (event as unknown as ConventionPhaseAdvanced).data;
    return event.type === 'ConventionPhaseAdvanced' && data.conventionId === conventionId && data.to === 'VOTING';
  });
  if (entered === undefined) return [];
  const openings: RecordedEvent[] = [];
  await scanLogBetween(
    store,
    {
      after: entered.position,
      upTo: await store.headPosition(),
      streamPrefix: conventionVoteStream(''),
      type: 'ConventionVoteOpened',
    },
    (event) => {
      if ((event.data as ConventionVoteOpened['data']).conventionId === conventionId) openings.push(event);
    },
  );
  const votes: ConventionVoteOnLog[] = [];
  for (const opened of openings) {
    const { voteId } = opened.data as ConventionVoteOpened['data'];
    votes.push({ voteId, opened, state: await runner.load(conventionVoteDecider, conventionVoteStream(voteId)) });
  }
  return votes;
}

/**
 * The floor's condition for leaving VOTING: every convention vote has been closed (or
 * cancelled). Decided from the log up to its head. A vote whose opening lands between this read
 * and the phase change is not left open: the floor's voting-end workflow cancels it (reason
 * VOTING_ENDED) and releases its subjects, and an opening that lands after the phase change
 * cancels itself the same way (see FloorWorkflows).
 */
@Injectable()
export class FloorPhaseConditions implements PhaseCondition, OnModuleInit {
  constructor(
    private readonly conditions: PhaseConditions,
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.conditions.register(this);
  }

  async blockers(conventionId: string, from: ConventionPhase): Promise<PhaseBlocker[]> {
    if (from !== 'VOTING') return [];
    const open = (await conventionVotes(this.store, this.runner, conventionId)).filter(
      // A vote whose voting has ended but whose count is not recorded yet is not closed either.
      (vote) => vote.state.status === 'open' || vote.state.status === 'counting',
    );
    if (open.length === 0) return [];
    return [
      {
        code: 'CONVENTION_VOTES_OPEN',
        message: `${open.length} convention vote(s) still open (${open.map((vote) => vote.voteId).join(', ')}); close them first`,
      },
    ];
  }
}
