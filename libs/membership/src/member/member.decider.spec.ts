import fc from 'fast-check';
import { InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { memberDecider } from './member.decider';
import {
  AlreadyInChapterError,
  ChapterNotFoundError,
  InAnotherChapterError,
  MemberAlreadyEnrolledError,
  MemberNotFoundError,
  NotInAChapterError,
} from './member.errors';
import { MemberEvent } from './member.events';

const memberId = 'a7d1c7e2-0000-4000-8000-000000000001';
const chapterId = 'c1000000-0000-4000-8000-000000000001';
const otherChapterId = 'c2000000-0000-4000-8000-000000000002';
const at = '2026-03-01T10:00:00.000Z';

const enrolled: MemberEvent = {
  type: 'MemberEnrolled',
  data: { memberId, pseudonym: 'Ada L', region: null, enrolledAt: at },
};
const joined: MemberEvent = { type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt: at } };

const spec = DeciderSpecification(memberDecider);

describe('member decider', () => {
  describe('EnrollMember', () => {
    it('enrolls with a normalized pseudonym and an optional region', () => {
      spec
        .given([])
        .when({ type: 'EnrollMember', data: { memberId, pseudonym: '  Ada   L ', region: ' Lyon ', enrolledAt: at } })
        .then([{ type: 'MemberEnrolled', data: { memberId, pseudonym: 'Ada L', region: 'Lyon', enrolledAt: at } }]);
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
        .when({ type: 'EnrollMember', data: { memberId, pseudonym, region: null, enrolledAt: at } })
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems).toEqual([{ field: 'pseudonym', message: expect.stringContaining(message) }]);
    });

    it('accepts pseudonyms in any script', () => {
      spec
        .given([])
        .when({ type: 'EnrollMember', data: { memberId, pseudonym: 'Zoë Ōkubo', region: null, enrolledAt: at } })
        .then([{ type: 'MemberEnrolled', data: { memberId, pseudonym: 'Zoë Ōkubo', region: null, enrolledAt: at } }]);
    });

    it('rejects an empty region and names both bad fields at once', () => {
      const error = spec
        .given([])
        .when({ type: 'EnrollMember', data: { memberId, pseudonym: 'x', region: ' ', enrolledAt: at } })
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['pseudonym', 'region']);
    });

    it('refuses to enroll the same member twice', () => {
      spec
        .given([enrolled])
        .when({ type: 'EnrollMember', data: { memberId, pseudonym: 'Ada L', region: null, enrolledAt: at } })
        .thenThrows(MemberAlreadyEnrolledError, 'MEMBER_ALREADY_ENROLLED');
    });
  });

  describe('JoinChapter', () => {
    const join = (chapter: { chapterId: string; name: string } | null, id = chapterId) =>
      ({ type: 'JoinChapter', data: { memberId, chapterId: id, chapter, joinedAt: at } }) as const;

    it('joins a founded chapter', () => {
      spec
        .given([enrolled])
        .when(join({ chapterId, name: 'Lyon' }))
        .then([joined]);
    });

    it('rejects an unknown chapter as not found', () => {
      spec.given([enrolled]).when(join(null)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
    });

    it('rejects joining the same chapter twice', () => {
      spec
        .given([enrolled, joined])
        .when(join({ chapterId, name: 'Lyon' }))
        .thenThrows(AlreadyInChapterError, 'ALREADY_IN_CHAPTER');
    });

    it('rejects joining a second chapter without leaving the first', () => {
      spec
        .given([enrolled, joined])
        .when(join({ chapterId: otherChapterId, name: 'Online' }, otherChapterId))
        .thenThrows(InAnotherChapterError, 'IN_ANOTHER_CHAPTER');
    });

    it('rejects a member who never enrolled', () => {
      spec
        .given([])
        .when(join({ chapterId, name: 'Lyon' }))
        .thenThrows(MemberNotFoundError, 'MEMBER_NOT_FOUND');
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
  });

  it('always folds the same history into the same state', () => {
    const eventArbitrary = fc.oneof(
      fc.constant<MemberEvent>(joined),
      fc.constant<MemberEvent>({ type: 'MemberLeftChapter', data: { memberId, chapterId, leftAt: at } }),
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
});
