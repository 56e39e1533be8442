import { DeciderSpecification } from '../../../testing/src';
import { ChapterClosedError, ChapterIntoItselfError, ChapterNotActiveError } from '../chapter/chapter.errors';
import { ChapterClosure } from '../chapter/chapter.state';
import { ChapterNotFoundError } from '../member/member.errors';
import { ReserveChapterClosure } from './chapter-closures.commands';
import { chapterClosuresDecider } from './chapter-closures.decider';
import { ChapterClosuresEvent } from './chapter-closures.events';

const a = 'c1000000-0000-4000-8000-000000000001';
const b = 'c2000000-0000-4000-8000-000000000002';
const c = 'c3000000-0000-4000-8000-000000000003';
const chair = 'a9000000-0000-4000-8000-000000000009';
const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(chapterClosuresDecider);

const active = (chapterId: string) => ({ chapterId, status: 'active' as const });
const merger = (into: string): ChapterClosure => ({ kind: 'merger', intoChapterId: into });

function reserve(chapterId: string, closure: ChapterClosure, data: Partial<ReserveChapterClosure['data']> = {}) {
  const receivingId = closure.kind === 'merger' ? closure.intoChapterId : closure.successorChapterId;
  return {
    type: 'ReserveChapterClosure' as const,
    data: {
      chapterId,
      chapter: active(chapterId),
      closure,
      receiving: receivingId === null ? null : active(receivingId),
      closedBy: chair,
      reservedAt: at,
      ...data,
    },
  };
}
const reserved = (chapterId: string, closure: ChapterClosure): ChapterClosuresEvent => ({
  type: 'ChapterClosureReserved',
  data: { chapterId, closure, closedBy: chair, reservedAt: at },
});

describe('chapter closures register', () => {
  it('reserves a merger into an active chapter and a dissolution with or without a successor', () => {
    spec
      .given([])
      .when(reserve(a, merger(b)))
      .then([reserved(a, merger(b))]);
    const heir: ChapterClosure = { kind: 'dissolution', successorChapterId: b };
    spec
      .given([])
      .when(reserve(a, heir))
      .then([reserved(a, heir)]);
    const alone: ChapterClosure = { kind: 'dissolution', successorChapterId: null };
    spec
      .given([])
      .when(reserve(a, alone, { chapter: { chapterId: a, status: 'forming' } }))
      .then([reserved(a, alone)]);
  });

  it('refuses the opposite merger of one already reserved: the target is closing', () => {
    spec
      .given([reserved(a, merger(b))])
      .when(reserve(b, merger(a)))
      .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
  });

  it('refuses a cycle of any length: the last closure would target a closing chapter', () => {
    spec
      .given([reserved(a, merger(b)), reserved(b, merger(c))])
      .when(reserve(c, merger(a)))
      .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
  });

  it('lets a chapter that receives a merger be closed in turn (its members and the newcomers follow)', () => {
    spec
      .given([reserved(a, merger(b))])
      .when(reserve(b, merger(c)))
      .then([reserved(b, merger(c))]);
  });

  it('refuses closing a chapter twice, whether its stream or the register says it is closing', () => {
    spec
      .given([reserved(a, merger(b))])
      .when(reserve(a, merger(c)))
      .thenThrows(ChapterClosedError, 'CHAPTER_CLOSED');
    spec
      .given([])
      .when(reserve(a, merger(b), { chapter: { chapterId: a, status: 'closed' } }))
      .thenThrows(ChapterClosedError, 'CHAPTER_CLOSED');
  });

  it('refuses unknown chapters, itself as target, and a target that is not active', () => {
    spec
      .given([])
      .when(reserve(a, merger(b), { chapter: null }))
      .thenThrows(ChapterNotFoundError);
    spec
      .given([])
      .when(reserve(a, merger(b), { receiving: null }))
      .thenThrows(ChapterNotFoundError);
    spec
      .given([])
      .when(reserve(a, merger(a)))
      .thenThrows(ChapterIntoItselfError, 'CHAPTER_INTO_ITSELF');
    spec
      .given([])
      .when(reserve(a, merger(b), { receiving: { chapterId: b, status: 'forming' } }))
      .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
  });

  it('a released reservation frees the chapter and the target again; releasing twice does nothing', () => {
    const released: ChapterClosuresEvent = {
      type: 'ChapterClosureReleased',
      data: { chapterId: a, reason: 'CHAPTER_CLOSED', releasedAt: at },
    };
    spec
      .given([reserved(a, merger(b)), released])
      .when(reserve(b, merger(a)))
      .then([reserved(b, merger(a))]);
    spec
      .given([reserved(a, merger(b)), released])
      .when({ type: 'ReleaseChapterClosure', data: { chapterId: a, reason: 'again', releasedAt: at } })
      .thenNothingHappened();
  });
});
