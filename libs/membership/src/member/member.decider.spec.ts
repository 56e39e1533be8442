import fc from 'fast-check';
import { DomainError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { ChapterNotActiveError } from '../chapter/chapter.errors';
import { ChapterFacts, EnrollMember } from './member.commands';
import { memberDecider } from './member.decider';
import {
  AlreadyInChapterError,
  ChapterNotFoundError,
  CommitmentsNotAcceptedError,
  CommitmentsVersionOutdatedError,
  CommitmentsVersionUnknownError,
  InAnotherChapterError,
  MemberAlreadyEnrolledError,
  MemberNotFoundError,
  MemberResignedError,
  NotInAChapterError,
} from './member.errors';
import { MemberEvent } from './member.events';

const memberId = 'a7d1c7e2-0000-4000-8000-000000000001';
const chapterId = 'c1000000-0000-4000-8000-000000000001';
const otherChapterId = 'c2000000-0000-4000-8000-000000000002';
const at = '2026-03-01T10:00:00.000Z';

const enrolled: MemberEvent = {
  type: 'MemberEnrolled',
  data: { memberId, pseudonym: 'Ada L', region: null, acceptedCommitmentsVersion: null, contact: null, enrolledAt: at },
};
const joined: MemberEvent = { type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt: at } };
const resigned: MemberEvent = { type: 'MemberResigned', data: { memberId, chapterId: null, resignedAt: at } };
const active = (id: string, name = 'Lyon'): ChapterFacts => ({ chapterId: id, name, status: 'active' });

function enrol(data: Partial<EnrollMember['data']> = {}): EnrollMember {
  return {
    type: 'EnrollMember',
    data: {
      memberId,
      pseudonym: 'Ada L',
      region: null,
      acceptedCommitmentsVersion: null,
      currentCommitmentsVersion: null,
      enrolledAt: at,
      ...data,
    },
  };
}

const spec = DeciderSpecification(memberDecider);

describe('member decider', () => {
  describe('EnrollMember', () => {
    it('enrolls with a normalized pseudonym and an optional region', () => {
      spec
        .given([])
        .when(enrol({ pseudonym: '  Ada   L ', region: ' Lyon ' }))
        .then([
          {
            type: 'MemberEnrolled',
            data: {
              memberId,
              pseudonym: 'Ada L',
              region: 'Lyon',
              acceptedCommitmentsVersion: null,
              contact: null,
              enrolledAt: at,
            },
          },
        ]);
    });

    it.each([
      ['', 'must not be empty'],
      ['   ', 'must not be empty'],
      ['ab', 'at least 3'],
      ['x'.repeat(41), 'at most 40'],
      ['<script>', 'may contain letters'],
    ])('rejects the pseudonym %j', (pseudonym, message) => {
      const error = spec
        .given([])
        .when(enrol({ pseudonym }))
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems).toEqual([{ field: 'pseudonym', message: expect.stringContaining(message) }]);
    });

    it('accepts pseudonyms in any script', () => {
      spec
        .given([])
        .when(enrol({ pseudonym: 'Zoë Ōkubo' }))
        .then([
          {
            type: 'MemberEnrolled',
            data: {
              memberId,
              pseudonym: 'Zoë Ōkubo',
              region: null,
              acceptedCommitmentsVersion: null,
              contact: null,
              enrolledAt: at,
            },
          },
        ]);
    });

    it('rejects an empty region and names both bad fields at once', () => {
      const error = spec
        .given([])
        .when(enrol({ pseudonym: 'x', region: ' ' }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['pseudonym', 'region']);
    });

    it('refuses to enroll the same member twice', () => {
      spec.given([enrolled]).when(enrol()).thenThrows(MemberAlreadyEnrolledError, 'MEMBER_ALREADY_ENROLLED');
    });

    describe('accepting the commitments', () => {
      it('records the accepted version when it is the current one', () => {
        spec
          .given([])
          .when(enrol({ acceptedCommitmentsVersion: 3, currentCommitmentsVersion: 3 }))
          .then([
            {
              type: 'MemberEnrolled',
              data: {
                memberId,
                pseudonym: 'Ada L',
                region: null,
                acceptedCommitmentsVersion: 3,
                contact: null,
                enrolledAt: at,
              },
            },
          ]);
      });

      it('rejects an enrolment without acceptance once commitments are published, naming the current version', () => {
        const error = spec
          .given([])
          .when(enrol({ acceptedCommitmentsVersion: null, currentCommitmentsVersion: 2 }))
          .thenThrows(CommitmentsNotAcceptedError, 'COMMITMENTS_NOT_ACCEPTED');
        expect(error.details).toEqual({ field: 'acceptedCommitmentsVersion', currentVersion: 2 });
        expect(error.message).toContain('version 2');
      });

      it('rejects a superseded version, naming the current one', () => {
        const error = spec
          .given([])
          .when(enrol({ acceptedCommitmentsVersion: 1, currentCommitmentsVersion: 2 }))
          .thenThrows(CommitmentsVersionOutdatedError, 'COMMITMENTS_VERSION_OUTDATED');
        expect(error.details).toMatchObject({ acceptedVersion: 1, currentVersion: 2 });
      });

      it.each([
        [3, 2],
        [1, null],
      ])('rejects version %j when the current one is %j as unknown', (accepted, current) => {
        spec
          .given([])
          .when(enrol({ acceptedCommitmentsVersion: accepted, currentCommitmentsVersion: current }))
          .thenThrows(CommitmentsVersionUnknownError, 'COMMITMENTS_VERSION_UNKNOWN');
      });
    });
  });

  describe('JoinChapter', () => {
    const join = (chapter: ChapterFacts | null, id = chapterId) =>
      ({ type: 'JoinChapter', data: { memberId, chapterId: id, chapter, joinedAt: at } }) as const;

    it('joins an active chapter', () => {
      spec
        .given([enrolled])
        .when(join(active(chapterId)))
        .then([joined]);
    });

    it('rejects an unknown chapter as not found', () => {
      spec.given([enrolled]).when(join(null)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
    });

    it.each(['forming', 'closed'] as const)('rejects a %s chapter as not active', (status) => {
      spec
        .given([enrolled])
        .when(join({ chapterId, name: 'Lyon', status }))
        .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
    });

    it('rejects joining the same chapter twice', () => {
      spec
        .given([enrolled, joined])
        .when(join(active(chapterId)))
        .thenThrows(AlreadyInChapterError, 'ALREADY_IN_CHAPTER');
    });

    it('rejects joining a second chapter without leaving the first', () => {
      spec
        .given([enrolled, joined])
        .when(join(active(otherChapterId, 'Online'), otherChapterId))
        .thenThrows(InAnotherChapterError, 'IN_ANOTHER_CHAPTER');
    });

    it('rejects a member who never enrolled', () => {
      spec
        .given([])
        .when(join(active(chapterId)))
        .thenThrows(MemberNotFoundError, 'MEMBER_NOT_FOUND');
    });

    it('rejects a resigned member', () => {
      spec
        .given([enrolled, resigned])
        .when(join(active(chapterId)))
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });
  });

  describe('LeaveChapter', () => {
    it('leaves the current chapter', () => {
      spec
        .given([enrolled, joined])
        .when({ type: 'LeaveChapter', data: { memberId, leftAt: at } })
        .then([{ type: 'MemberLeftChapter', data: { memberId, chapterId, leftAt: at } }]);
    });

    it('rejects leaving when in no chapter', () => {
      spec
        .given([enrolled])
        .when({ type: 'LeaveChapter', data: { memberId, leftAt: at } })
        .thenThrows(NotInAChapterError, 'NOT_IN_A_CHAPTER');
    });

    it('rejects a resigned member', () => {
      spec
        .given([enrolled, joined, { ...resigned, data: { ...resigned.data, chapterId } }])
        .when({ type: 'LeaveChapter', data: { memberId, leftAt: at } })
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });
  });

  describe('ChangeMemberRegion', () => {
    it('records a new region', () => {
      spec
        .given([enrolled])
        .when({ type: 'ChangeMemberRegion', data: { memberId, region: 'Porto', changedAt: at } })
        .then([{ type: 'MemberRegionChanged', data: { memberId, region: 'Porto', changedAt: at } }]);
    });

    it('does nothing when the region is unchanged', () => {
      spec
        .given([enrolled])
        .when({ type: 'ChangeMemberRegion', data: { memberId, region: null, changedAt: at } })
        .thenNothingHappened();
    });

    it('rejects a resigned member', () => {
      spec
        .given([enrolled, resigned])
        .when({ type: 'ChangeMemberRegion', data: { memberId, region: 'Porto', changedAt: at } })
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });
  });

  describe('TransferChapter', () => {
    const transfer = (chapter: ChapterFacts | null, id = otherChapterId) =>
      ({ type: 'TransferChapter', data: { memberId, chapterId: id, chapter, transferredAt: at } }) as const;

    it('moves from the current chapter to another in one event', () => {
      spec
        .given([enrolled, joined])
        .when(transfer(active(otherChapterId)))
        .then([
          {
            type: 'MemberTransferredChapter',
            data: { memberId, fromChapterId: chapterId, toChapterId: otherChapterId, transferredAt: at },
          },
        ]);
    });

    it('rejects a member in no chapter', () => {
      spec
        .given([enrolled])
        .when(transfer(active(otherChapterId)))
        .thenThrows(NotInAChapterError, 'NOT_IN_A_CHAPTER');
    });

    it('rejects a transfer to the same chapter', () => {
      spec
        .given([enrolled, joined])
        .when(transfer(active(chapterId), chapterId))
        .thenThrows(AlreadyInChapterError, 'ALREADY_IN_CHAPTER');
    });

    it('rejects an unknown target', () => {
      spec.given([enrolled, joined]).when(transfer(null)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
    });

    it.each(['forming', 'closed'] as const)('rejects a %s target', (status) => {
      spec
        .given([enrolled, joined])
        .when(transfer({ chapterId: otherChapterId, name: 'Online', status }))
        .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
    });

    it('rejects a resigned member', () => {
      spec
        .given([enrolled, resigned])
        .when(transfer(active(otherChapterId)))
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });
  });

  describe('ResignMember', () => {
    it('resigns, recording the chapter the member leaves', () => {
      spec
        .given([enrolled, joined])
        .when({ type: 'ResignMember', data: { memberId, resignedAt: at } })
        .then([{ type: 'MemberResigned', data: { memberId, chapterId, resignedAt: at } }]);
    });

    it('resigns a member in no chapter', () => {
      spec
        .given([enrolled])
        .when({ type: 'ResignMember', data: { memberId, resignedAt: at } })
        .then([resigned]);
    });

    it('rejects resigning twice', () => {
      spec
        .given([enrolled, resigned])
        .when({ type: 'ResignMember', data: { memberId, resignedAt: at } })
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });

    it('rejects a member who never enrolled', () => {
      spec
        .given([])
        .when({ type: 'ResignMember', data: { memberId, resignedAt: at } })
        .thenThrows(MemberNotFoundError, 'MEMBER_NOT_FOUND');
    });
  });

  describe('holding a founder while a founding completes', () => {
    const hold = (id: string) =>
      ({ type: 'ReserveForFounding', data: { memberId, chapterId: id, reservedAt: at } }) as const;
    const held = (id: string): MemberEvent => ({
      type: 'MemberReservedForFounding',
      data: { memberId, chapterId: id, reservedAt: at },
    });
    const release = (id: string) =>
      ({ type: 'ReleaseFoundingReservation', data: { memberId, chapterId: id, releasedAt: at } }) as const;

    it('holds a free member for one founding only: a second founding is refused while the first holds them', () => {
      spec
        .given([enrolled])
        .when(hold(chapterId))
        .then([held(chapterId)]);
      spec
        .given([enrolled, held(chapterId)])
        .when(hold(chapterId))
        .thenNothingHappened();
      spec
        .given([enrolled, held(chapterId)])
        .when(hold(otherChapterId))
        .thenThrows(DomainError, 'RESERVED_FOR_FOUNDING');
      spec.given([enrolled, joined]).when(hold(otherChapterId)).thenThrows(DomainError, 'IN_ANOTHER_CHAPTER');
      spec.given([enrolled, resigned]).when(hold(chapterId)).thenThrows(DomainError, 'MEMBER_RESIGNED');
    });

    it('a held member joins only the chapter holding them; the join ends the hold', () => {
      spec
        .given([enrolled, held(chapterId)])
        .when({
          type: 'JoinChapter',
          data: { memberId, chapterId: otherChapterId, chapter: active(otherChapterId), joinedAt: at },
        })
        .thenThrows(DomainError, 'RESERVED_FOR_FOUNDING');
      spec
        .given([enrolled, held(chapterId)])
        .when({ type: 'JoinFoundedChapter', data: { memberId, chapterId, joinedAt: at } })
        .then([joined]);
      spec
        .given([enrolled, held(otherChapterId)])
        .when({ type: 'JoinFoundedChapter', data: { memberId, chapterId, joinedAt: at } })
        .then([
          {
            type: 'MemberFounderJoinSkipped',
            data: { memberId, chapterId, reason: 'IN_ANOTHER_CHAPTER', skippedAt: at },
          },
        ]);
      expect(foldEvents(memberDecider, [enrolled, held(chapterId), joined])).toMatchObject({
        chapterId,
        foundingReservation: null,
      });
    });

    it('a release frees the member; releasing what is not held does nothing', () => {
      spec
        .given([enrolled, held(chapterId)])
        .when(release(chapterId))
        .then([{ type: 'MemberFoundingReservationReleased', data: { memberId, chapterId, releasedAt: at } }]);
      spec
        .given([enrolled, held(chapterId)])
        .when(release(otherChapterId))
        .thenNothingHappened();
      spec.given([enrolled]).when(release(chapterId)).thenNothingHappened();
    });
  });

  describe('JoinFoundedChapter', () => {
    const joinFounded = { type: 'JoinFoundedChapter', data: { memberId, chapterId, joinedAt: at } } as const;

    it('joins the chapter the member co-founded', () => {
      spec.given([enrolled]).when(joinFounded).then([joined]);
    });

    it('does nothing when the member is already in it', () => {
      spec.given([enrolled, joined]).when(joinFounded).thenNothingHappened();
    });

    it('records a founder who meanwhile joined another chapter as skipped', () => {
      spec
        .given([enrolled, { type: 'MemberJoinedChapter', data: { memberId, chapterId: otherChapterId, joinedAt: at } }])
        .when(joinFounded)
        .then([
          {
            type: 'MemberFounderJoinSkipped',
            data: { memberId, chapterId, reason: 'IN_ANOTHER_CHAPTER', skippedAt: at },
          },
        ]);
    });

    it('records a founder who meanwhile resigned as skipped', () => {
      spec
        .given([enrolled, resigned])
        .when(joinFounded)
        .then([{ type: 'MemberFounderJoinSkipped', data: { memberId, chapterId, reason: 'RESIGNED', skippedAt: at } }]);
    });
  });

  describe('MoveFromClosedChapter', () => {
    const move = (
      closure: { kind: 'merger'; intoChapterId: string } | { kind: 'dissolution'; successorChapterId: string | null },
    ) => ({ type: 'MoveFromClosedChapter', data: { memberId, chapterId, closure, movedAt: at } }) as const;

    it('moves a member of a merged chapter into the target', () => {
      spec
        .given([enrolled, joined])
        .when(move({ kind: 'merger', intoChapterId: otherChapterId }))
        .then([
          {
            type: 'MemberMovedByMerger',
            data: { memberId, fromChapterId: chapterId, toChapterId: otherChapterId, movedAt: at },
          },
        ]);
    });

    it('moves a member of a dissolved chapter to its successor', () => {
      spec
        .given([enrolled, joined])
        .when(move({ kind: 'dissolution', successorChapterId: otherChapterId }))
        .then([
          {
            type: 'MemberMovedToSuccessorChapter',
            data: { memberId, fromChapterId: chapterId, toChapterId: otherChapterId, movedAt: at },
          },
        ]);
    });

    it('releases a member of a dissolved chapter without a successor, who stays enrolled', () => {
      spec
        .given([enrolled, joined])
        .when(move({ kind: 'dissolution', successorChapterId: null }))
        .then([{ type: 'MemberReleasedByDissolution', data: { memberId, chapterId, releasedAt: at } }]);
      const state = foldEvents(memberDecider, [
        enrolled,
        joined,
        { type: 'MemberReleasedByDissolution', data: { memberId, chapterId, releasedAt: at } },
      ]);
      expect(state).toMatchObject({ status: 'enrolled', chapterId: null });
    });

    it('leaves alone a member who is no longer in the closed chapter', () => {
      spec
        .given([enrolled])
        .when(move({ kind: 'merger', intoChapterId: otherChapterId }))
        .thenNothingHappened();
    });
  });

  it('always folds the same history into the same state', () => {
    const eventArbitrary = fc.oneof(
      fc.constant<MemberEvent>(joined),
      fc.constant<MemberEvent>({ type: 'MemberLeftChapter', data: { memberId, chapterId, leftAt: at } }),
      fc.constant<MemberEvent>({
        type: 'MemberTransferredChapter',
        data: { memberId, fromChapterId: chapterId, toChapterId: otherChapterId, transferredAt: at },
      }),
      fc.constant<MemberEvent>(resigned),
      fc
        .option(fc.string({ maxLength: 10 }), { nil: null })
        .map<MemberEvent>((region) => ({ type: 'MemberRegionChanged', data: { memberId, region, changedAt: at } })),
    );
    fc.assert(
      fc.property(fc.array(eventArbitrary, { maxLength: 30 }), (events) => {
        const history = [enrolled, ...events];
        expect(foldEvents(memberDecider, history)).toEqual(foldEvents(memberDecider, [...history]));
      }),
    );
  });

  describe('contact details and erasure', () => {
    const sealed = { scheme: 'aes-256-gcm' as const, keyId: memberId, iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' };
    const erased: MemberEvent = {
      type: 'MemberPersonalDataErased',
      data: { memberId, erasedBy: 'member', erasedAt: at },
    };

    it('enrols with contact details sealed under the member’s own key', () => {
      const [event] = memberDecider.decide(enrol({ contact: sealed }), memberDecider.initialState());
      expect(event).toMatchObject({ type: 'MemberEnrolled', data: { contact: sealed } });
    });

    it('refuses contact details sealed under another key', () => {
      const error = spec
        .given([])
        .when(enrol({ contact: { ...sealed, keyId: 'someone-else' } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['contact']);
    });

    it('replaces or removes the contact details', () => {
      spec
        .given([enrolled])
        .when({ type: 'ChangeContactDetails', data: { memberId, contact: null, changedAt: at } })
        .then([{ type: 'MemberContactDetailsChanged', data: { memberId, contact: null, changedAt: at } }]);
    });

    it('records an erasure once, also after resigning, and never stores contact details again', () => {
      const erase = {
        type: 'ErasePersonalData' as const,
        data: { memberId, erasedBy: 'member' as const, erasedAt: at },
      };
      spec.given([enrolled, resigned]).when(erase).then([erased]);
      spec.given([enrolled, erased]).when(erase).thenNothingHappened();
      spec
        .given([enrolled, erased])
        .when({ type: 'ChangeContactDetails', data: { memberId, contact: sealed, changedAt: at } })
        .thenThrows(DomainError, 'PERSONAL_DATA_ERASED');
      spec.given([]).when(erase).thenThrows(DomainError, 'MEMBER_NOT_FOUND');
    });
  });

  describe('enrolling into a chapter', () => {
    it('enrols and joins in one decision', () => {
      const events = memberDecider.decide(
        enrol({ joining: { chapterId, chapter: active(chapterId) } }),
        memberDecider.initialState(),
      );
      expect(events.map((event) => event.type)).toEqual(['MemberEnrolled', 'MemberJoinedChapter']);
      expect(events[1]).toEqual({ type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt: at } });
    });

    it('refuses an unknown or inactive chapter', () => {
      spec
        .given([])
        .when(enrol({ joining: { chapterId, chapter: null } }))
        .thenThrows(DomainError, 'CHAPTER_NOT_FOUND');
      spec
        .given([])
        .when(enrol({ joining: { chapterId, chapter: { ...active(chapterId), status: 'forming' } } }))
        .thenThrows(DomainError, 'CHAPTER_NOT_ACTIVE');
    });
  });
});
