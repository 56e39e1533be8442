import { ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { committeeDecider } from './committee.decider';
import {
  AlreadyOnCommitteeError,
  CommitteeSetupNeedsOperatorError,
  CommitteeWouldBeEmptyError,
  NotACommitteeMemberError,
  NotOnCommitteeError,
} from './committee.errors';
import { CommitteeActor, CommitteeEvent, committeeStream } from './committee.events';
import { isOnCommittee, sittingCommitteeMembers } from './committee.state';

const ada = 'a0000000-0000-4000-8000-000000000001';
const bea = 'a0000000-0000-4000-8000-000000000002';
const cy = 'a0000000-0000-4000-8000-000000000003';
const at = '2026-03-01T10:00:00.000Z';
const operator: CommitteeActor = { kind: 'operator' };
const by = (memberId: string): CommitteeActor => ({ kind: 'member', memberId });

const appointed = (memberId: string, appointedBy: CommitteeActor): CommitteeEvent => ({
  type: 'CommitteeMemberAppointed',
  data: { memberId, appointedBy, appointedAt: at },
});
const adaAppointed = appointed(ada, operator);
const beaAppointed = appointed(bea, by(ada));

const spec = DeciderSpecification(committeeDecider);

describe('committee decider', () => {
  it('lives in one fixed stream', () => {
    expect(committeeStream()).toBe('Committee-organization');
  });

  describe('AppointCommitteeMember', () => {
    it('lets an operator appoint the first member', () => {
      spec
        .given([])
        .when({ type: 'AppointCommitteeMember', data: { memberId: ada, appointedBy: operator, appointedAt: at } })
        .then([adaAppointed]);
    });

    it('refuses a member as the first appointer', () => {
      spec
        .given([])
        .when({ type: 'AppointCommitteeMember', data: { memberId: ada, appointedBy: by(ada), appointedAt: at } })
        .thenThrows(CommitteeSetupNeedsOperatorError, 'COMMITTEE_SETUP_NEEDS_OPERATOR');
    });

    it('lets a sitting member appoint the next', () => {
      spec
        .given([adaAppointed])
        .when({ type: 'AppointCommitteeMember', data: { memberId: bea, appointedBy: by(ada), appointedAt: at } })
        .then([beaAppointed]);
    });

    it('refuses an operator once the committee is set up', () => {
      spec
        .given([adaAppointed])
        .when({ type: 'AppointCommitteeMember', data: { memberId: bea, appointedBy: operator, appointedAt: at } })
        .thenThrows(NotACommitteeMemberError, 'NOT_A_COMMITTEE_MEMBER');
    });

    it('refuses a member who does not sit on the committee', () => {
      const error = spec
        .given([adaAppointed])
        .when({ type: 'AppointCommitteeMember', data: { memberId: cy, appointedBy: by(bea), appointedAt: at } })
        .thenThrows(ForbiddenError, 'NOT_A_COMMITTEE_MEMBER');
      expect(error.category).toBe('FORBIDDEN');
    });

    it('refuses a member who has retired', () => {
      spec
        .given([
          adaAppointed,
          beaAppointed,
          { type: 'CommitteeMemberRetired', data: { memberId: bea, retiredBy: by(bea), retiredAt: at } },
        ])
        .when({ type: 'AppointCommitteeMember', data: { memberId: cy, appointedBy: by(bea), appointedAt: at } })
        .thenThrows(NotACommitteeMemberError, 'NOT_A_COMMITTEE_MEMBER');
    });

    it('refuses to appoint someone already sitting', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'AppointCommitteeMember', data: { memberId: bea, appointedBy: by(ada), appointedAt: at } })
        .thenThrows(AlreadyOnCommitteeError, 'ALREADY_ON_COMMITTEE');
    });

    it('rejects an empty member id and a malformed time', () => {
      const error = spec
        .given([])
        .when({ type: 'AppointCommitteeMember', data: { memberId: ' ', appointedBy: operator, appointedAt: '1 May' } })
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['memberId', 'appointedAt']);
    });
  });

  describe('RetireCommitteeMember', () => {
    it('lets a member retire themselves', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: bea, retiredBy: by(bea), retiredAt: at } })
        .then([{ type: 'CommitteeMemberRetired', data: { memberId: bea, retiredBy: by(bea), retiredAt: at } }]);
    });

    it('lets a sitting member retire another', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: bea, retiredBy: by(ada), retiredAt: at } })
        .then([{ type: 'CommitteeMemberRetired', data: { memberId: bea, retiredBy: by(ada), retiredAt: at } }]);
    });

    it('refuses anyone not sitting, operators included', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: bea, retiredBy: by(cy), retiredAt: at } })
        .thenThrows(NotACommitteeMemberError, 'NOT_A_COMMITTEE_MEMBER');
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: bea, retiredBy: operator, retiredAt: at } })
        .thenThrows(NotACommitteeMemberError, 'NOT_A_COMMITTEE_MEMBER');
    });

    it('refuses to retire someone not sitting', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: cy, retiredBy: by(ada), retiredAt: at } })
        .thenThrows(NotOnCommitteeError, 'NOT_ON_COMMITTEE');
    });

    it('refuses to retire anyone before the committee is set up', () => {
      spec
        .given([])
        .when({ type: 'RetireCommitteeMember', data: { memberId: ada, retiredBy: operator, retiredAt: at } })
        .thenThrows(NotOnCommitteeError, 'NOT_ON_COMMITTEE');
    });

    it('refuses to let the last member retire', () => {
      const error = spec
        .given([adaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: ada, retiredBy: by(ada), retiredAt: at } })
        .thenThrows(CommitteeWouldBeEmptyError, 'COMMITTEE_WOULD_BE_EMPTY');
      expect(error.category).toBe('CONFLICT');
    });

    it('rejects a malformed time', () => {
      const error = spec
        .given([adaAppointed, beaAppointed])
        .when({ type: 'RetireCommitteeMember', data: { memberId: bea, retiredBy: by(bea), retiredAt: '' } })
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['retiredAt']);
    });
  });

  describe('LeaveCommitteeOnResignation', () => {
    const leave = (memberId: string, memberResigned = true) =>
      ({ type: 'LeaveCommitteeOnResignation', data: { memberId, memberResigned, resignedAt: at } }) as const;

    it('takes a member who resigned off the committee, retired by themself', () => {
      spec
        .given([adaAppointed, beaAppointed])
        .when(leave(ada))
        .then([{ type: 'CommitteeMemberRetired', data: { memberId: ada, retiredBy: by(ada), retiredAt: at } }]);
    });

    it('may empty the committee: an operator then sets it up again', () => {
      const left: CommitteeEvent = {
        type: 'CommitteeMemberRetired',
        data: { memberId: ada, retiredBy: by(ada), retiredAt: at },
      };
      spec.given([adaAppointed]).when(leave(ada)).then([left]);
      spec
        .given([adaAppointed, left])
        .when({
          type: 'AppointCommitteeMember',
          data: { memberId: bea, appointedBy: { kind: 'operator' }, appointedAt: at },
        })
        .then([appointed(bea, { kind: 'operator' })]);
    });

    it('does nothing for a member not on the committee, and refuses one who has not resigned', () => {
      spec.given([adaAppointed]).when(leave(bea)).thenNothingHappened();
      expect(() => committeeDecider.decide(leave(ada, false), foldEvents(committeeDecider, [adaAppointed]))).toThrow(
        /not resigned/,
      );
    });
  });

  it('derives the sitting members from the events alone', () => {
    const history: CommitteeEvent[] = [
      adaAppointed,
      beaAppointed,
      appointed(cy, by(bea)),
      { type: 'CommitteeMemberRetired', data: { memberId: ada, retiredBy: by(ada), retiredAt: at } },
    ];
    expect(sittingCommitteeMembers(history)).toEqual([bea, cy]);
    const state = foldEvents(committeeDecider, history);
    expect(isOnCommittee(state, ada)).toBe(false);
    expect(isOnCommittee(state, cy)).toBe(true);
  });
});
