import type { RecordedEvent } from '../../../../../libs/event-store/src';
import { testMetadata } from '../../../../../libs/testing/src';
import { DecisionKind } from '../tracker/tracker.types';
import { liveChangeOf } from './live-changes';
import { DecisionChangeKind } from './live.types';

const event = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `${type}-1`,
  streamName: 'Any-1',
  revision: 0n,
  position: 7n,
  type,
  data,
  metadata: testMetadata(),
});

describe('live changes', () => {
  it('reads phase changes, decisions opened and closed, and roll-call ballots', () => {
    expect(
      liveChangeOf(event('ConventionPhaseAdvanced', { conventionId: 'c', from: 'AMENDMENT', to: 'DELIBERATION' })),
    ).toEqual({
      topic: 'phase',
      conventionId: 'c',
      from: 'AMENDMENT',
      to: 'DELIBERATION',
    });
    expect(liveChangeOf(event('ReferendumOpened', { referendumId: 'r' }))).toEqual({
      topic: 'decision',
      kind: DecisionKind.REFERENDUM,
      id: 'r',
      change: DecisionChangeKind.OPENED,
    });
    expect(liveChangeOf(event('ReferendumCounted', { referendumId: 'r' }))).toMatchObject({
      id: 'r',
      change: DecisionChangeKind.CLOSED,
    });
    expect(liveChangeOf(event('InterimDecisionLapsed', { decisionId: 'd' }))).toMatchObject({
      change: DecisionChangeKind.CLOSED,
    });
    expect(liveChangeOf(event('ConventionBallotCast', { voteId: 'v', seatId: 's' }))).toEqual({
      topic: 'ballot',
      voteId: 'v',
    });
  });

  it('makes no change of any other ballot: secret ballots (referendums, delegate elections) never reach a subscriber', () => {
    for (const type of ['ReferendumBallotCast', 'DelegateBallotCast', 'InterimDecisionVoteCast'])
      expect(liveChangeOf(event(type, { voteId: 'v', referendumId: 'r', electionId: 'e' }))).toBeUndefined();
  });
});
