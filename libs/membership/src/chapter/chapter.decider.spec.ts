import fc from 'fast-check';
import { InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import {
  ChapterNotFoundError,
  InAnotherChapterError,
  MemberNotFoundError,
  MemberResignedError,
} from '../member/member.errors';
import { ChapterCommand, FoundChapter, FounderFacts, SignChapterFounding } from './chapter.commands';
import { chapterDecider } from './chapter.decider';
import {
  AlreadySignedFoundingError,
  BranchNotFoundError,
  ChapterAlreadyFoundedError,
  ChapterClosedError,
  ChapterIntoItselfError,
  ChapterNotActiveError,
  ChapterNotFormingError,
} from './chapter.errors';
import { ChapterEvent } from './chapter.events';

const chapterId = 'c1000000-0000-4000-8000-000000000001';
const otherChapterId = 'c2000000-0000-4000-8000-000000000002';
const branchId = 'b1000000-0000-4000-8000-000000000001';
const ada = 'a1000000-0000-4000-8000-000000000001';
const bea = 'a2000000-0000-4000-8000-000000000002';
const cy = 'a3000000-0000-4000-8000-000000000003';
const committeeMember = 'a9000000-0000-4000-8000-000000000009';
const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(chapterDecider);

const free = (memberId: string): FounderFacts => ({ memberId, status: 'enrolled', chapterId: null });

function found(data: Partial<FoundChapter['data']> = {}): FoundChapter {
  return {
    type: 'FoundChapter',
    data: {
      chapterId,
      name: 'Online Europe',
      place: { kind: 'online' },
      branchId: null,
      branchExists: false,
      founderId: ada,
      founder: free(ada),
      foundersMinimum: 3,
      startedAt: at,
      ...data,
    },
  };
}

function sign(founderId: string, data: Partial<SignChapterFounding['data']> = {}): SignChapterFounding {
  return {
    type: 'SignChapterFounding',
    data: { chapterId, founderId, founder: free(founderId), foundersMinimum: 3, signedAt: at, ...data },
  };
}

const started: ChapterEvent = {
  type: 'ChapterFoundingStarted',
  data: { chapterId, name: 'Online Europe', place: { kind: 'online' }, branchId: null, startedBy: ada, startedAt: at },
};
const signed = (memberId: string): ChapterEvent => ({
  type: 'ChapterFoundingSigned',
  data: { chapterId, memberId, signedAt: at },
});
const founded: ChapterEvent = {
  type: 'ChapterFounded',
  data: { chapterId, founderIds: [ada, bea, cy], foundedAt: at },
};
const completing = (founderIds: string[], foundersMinimum = 3): ChapterEvent => ({
  type: 'ChapterFoundingCompletionStarted',
  data: { chapterId, founderIds, foundersMinimum, startedAt: at },
});
const complete = (heldFounderIds: string[], unavailableFounderIds: string[] = []): ChapterCommand => ({
  type: 'CompleteChapterFounding',
  data: { chapterId, heldFounderIds, unavailableFounderIds, completedAt: at },
});
const activeHistory = [started, signed(ada), signed(bea), signed(cy), completing([ada, bea, cy]), founded];
const merged: ChapterEvent = {
  type: 'ChapterMergedInto',
  data: { chapterId, intoChapterId: otherChapterId, mergedBy: committeeMember, mergedAt: at },
};

describe('chapter decider', () => {
  describe('FoundChapter', () => {
    it('starts a local chapter in a region, FORMING, with its founder as the first signature', () => {
      spec
        .given([])
        .when(found({ name: ' Lyon  Croix-Rousse ', place: { kind: 'local', region: 'Lyon' } }))
        .then([
          {
            type: 'ChapterFoundingStarted',
            data: {
              chapterId,
              name: 'Lyon Croix-Rousse',
              place: { kind: 'local', region: 'Lyon' },
              branchId: null,
              startedBy: ada,
              startedAt: at,
            },
          },
          signed(ada),
        ]);
    });

    it('starts an online chapter with no place inside an existing branch', () => {
      spec
        .given([])
        .when(found({ branchId, branchExists: true }))
        .then([{ ...started, data: { ...started.data, branchId } } as ChapterEvent, signed(ada)]);
    });

    it('starts completing the founding at once when the minimum is one founder', () => {
      spec
        .given([])
        .when(found({ foundersMinimum: 1 }))
        .then([started, signed(ada), completing([ada], 1)]);
    });

    it('rejects a local chapter without a usable region and a too-short name, naming both', () => {
      const error = spec
        .given([])
        .when(found({ name: 'L', place: { kind: 'local', region: '  ' } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual(['name', 'region']);
    });

    it('refuses to found the same chapter twice', () => {
      spec.given([started]).when(found()).thenThrows(ChapterAlreadyFoundedError, 'CHAPTER_ALREADY_FOUNDED');
    });

    it('rejects an unknown branch', () => {
      spec
        .given([])
        .when(found({ branchId, branchExists: false }))
        .thenThrows(BranchNotFoundError, 'BRANCH_NOT_FOUND');
    });

    it('rejects a founder who is not enrolled', () => {
      spec
        .given([])
        .when(found({ founder: null }))
        .thenThrows(MemberNotFoundError, 'MEMBER_NOT_FOUND');
    });

    it('rejects a founder who resigned', () => {
      spec
        .given([])
        .when(found({ founder: { memberId: ada, status: 'resigned', chapterId: null } }))
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
    });

    it('rejects a founder who is in a chapter', () => {
      spec
        .given([])
        .when(found({ founder: { memberId: ada, status: 'enrolled', chapterId: otherChapterId } }))
        .thenThrows(InAnotherChapterError, 'IN_ANOTHER_CHAPTER');
    });
  });

  describe('SignChapterFounding', () => {
    it('counts only founders still free to join toward the minimum', () => {
      spec
        .given([started, signed(ada), signed(bea)])
        .when(sign(cy, { unavailableFounderIds: [bea] }))
        .then([signed(cy)]);
      spec
        .given([started, signed(ada), signed(bea)])
        .when(sign(cy, { unavailableFounderIds: [] }))
        .then([signed(cy), completing([ada, bea, cy])]);
    });

    it('adds a founder while the chapter is still short of the minimum', () => {
      spec
        .given([started, signed(ada)])
        .when(sign(bea))
        .then([signed(bea)]);
    });

    it('starts completing the founding in the same command when the signature reaches the minimum', () => {
      spec
        .given([started, signed(ada), signed(bea)])
        .when(sign(cy))
        .then([signed(cy), completing([ada, bea, cy])]);
    });

    it('only adds a founder while a completion runs; after a failed one, the next signature starts another', () => {
      const dan = 'a4000000-0000-4000-8000-000000000004';
      spec
        .given([started, signed(ada), signed(bea), signed(cy), completing([ada, bea, cy])])
        .when(sign(dan))
        .then([signed(dan)]);
      const failed: ChapterEvent = {
        type: 'ChapterFoundingCompletionFailed',
        data: { chapterId, unavailableFounderIds: [bea], failedAt: at },
      };
      spec
        .given([started, signed(ada), signed(bea), signed(cy), completing([ada, bea, cy]), failed])
        .when(sign(dan, { unavailableFounderIds: [bea] }))
        .then([signed(dan), completing([ada, cy, dan])]);
    });

    it('uses the minimum in force when the command is accepted', () => {
      spec
        .given([started, signed(ada)])
        .when(sign(bea, { foundersMinimum: 2 }))
        .then([signed(bea), completing([ada, bea], 2)]);
    });
  });

  describe('CompleteChapterFounding', () => {
    const running = [started, signed(ada), signed(bea), signed(cy), completing([ada, bea, cy])];

    it('founds the chapter with the founders held, when they reach the minimum it started with', () => {
      spec
        .given(running)
        .when(complete([ada, bea, cy]))
        .then([founded]);
    });

    it('records a failed completion when too few could be held: the chapter stays FORMING', () => {
      spec
        .given(running)
        .when(complete([ada, cy], [bea]))
        .then([
          { type: 'ChapterFoundingCompletionFailed', data: { chapterId, unavailableFounderIds: [bea], failedAt: at } },
        ]);
    });

    it('starts again with the founders who signed while it ran, when with them the minimum is reached', () => {
      const dan = 'a4000000-0000-4000-8000-000000000004';
      const failed: ChapterEvent = {
        type: 'ChapterFoundingCompletionFailed',
        data: { chapterId, unavailableFounderIds: [bea], failedAt: at },
      };
      spec
        .given([...running, signed(dan)])
        .when(complete([ada, cy], [bea]))
        .then([failed, completing([ada, cy, dan])]);
      // Nobody new since: it fails for good, until the next signature.
      spec
        .given(running)
        .when(complete([ada, cy], [bea]))
        .then([failed]);
    });

    it('does nothing once the chapter is founded or closed, or when no completion runs', () => {
      spec
        .given(activeHistory)
        .when(complete([ada, bea, cy]))
        .thenNothingHappened();
      spec
        .given([...activeHistory, merged])
        .when(complete([ada, bea, cy]))
        .thenNothingHappened();
      spec
        .given([started, signed(ada)])
        .when(complete([ada]))
        .thenNothingHappened();
    });

    it('rejects signing twice', () => {
      spec
        .given([started, signed(ada)])
        .when(sign(ada))
        .thenThrows(AlreadySignedFoundingError, 'ALREADY_SIGNED');
    });

    it('rejects signing while in a chapter', () => {
      spec
        .given([started, signed(ada)])
        .when(sign(bea, { founder: { memberId: bea, status: 'enrolled', chapterId: otherChapterId } }))
        .thenThrows(InAnotherChapterError, 'IN_ANOTHER_CHAPTER');
    });

    it('rejects a resigned or unknown signer', () => {
      spec
        .given([started, signed(ada)])
        .when(sign(bea, { founder: { memberId: bea, status: 'resigned', chapterId: null } }))
        .thenThrows(MemberResignedError, 'MEMBER_RESIGNED');
      spec
        .given([started, signed(ada)])
        .when(sign(bea, { founder: null }))
        .thenThrows(MemberNotFoundError, 'MEMBER_NOT_FOUND');
    });

    it('rejects signing an active chapter', () => {
      spec.given(activeHistory).when(sign(committeeMember)).thenThrows(ChapterNotFormingError, 'CHAPTER_NOT_FORMING');
    });

    it('rejects signing a closed chapter', () => {
      spec
        .given([...activeHistory, merged])
        .when(sign(committeeMember))
        .thenThrows(ChapterNotFormingError, 'CHAPTER_NOT_FORMING');
    });

    it('rejects an unknown chapter', () => {
      spec.given([]).when(sign(bea)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
    });
  });

  describe('MergeChapter', () => {
    const merge = (
      into: { chapterId: string; status: 'forming' | 'active' | 'closed' } | null,
      intoChapterId = otherChapterId,
    ) =>
      ({
        type: 'MergeChapter',
        data: { chapterId, intoChapterId, into, mergedBy: committeeMember, mergedAt: at },
      }) as const;

    it('closes the chapter, naming the target', () => {
      spec
        .given(activeHistory)
        .when(merge({ chapterId: otherChapterId, status: 'active' }))
        .then([merged]);
    });

    it('rejects merging into itself', () => {
      spec
        .given(activeHistory)
        .when(merge({ chapterId, status: 'active' }, chapterId))
        .thenThrows(ChapterIntoItselfError, 'CHAPTER_INTO_ITSELF');
    });

    it('rejects an unknown source or target', () => {
      spec
        .given([])
        .when(merge({ chapterId: otherChapterId, status: 'active' }))
        .thenThrows(ChapterNotFoundError);
      spec.given(activeHistory).when(merge(null)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
    });

    it('rejects a closed source', () => {
      spec
        .given([...activeHistory, merged])
        .when(merge({ chapterId: otherChapterId, status: 'active' }))
        .thenThrows(ChapterClosedError, 'CHAPTER_CLOSED');
    });

    it.each(['forming', 'closed'] as const)('rejects a %s target', (status) => {
      spec
        .given(activeHistory)
        .when(merge({ chapterId: otherChapterId, status }))
        .thenThrows(ChapterNotActiveError, 'CHAPTER_NOT_ACTIVE');
    });
  });

  describe('DissolveChapter', () => {
    const dissolve = (successorChapterId: string | null, status: 'forming' | 'active' | 'closed' | null = 'active') =>
      ({
        type: 'DissolveChapter',
        data: {
          chapterId,
          successorChapterId,
          successor: successorChapterId === null || status === null ? null : { chapterId: successorChapterId, status },
          dissolvedBy: committeeMember,
          dissolvedAt: at,
        },
      }) as const;

    it('closes the chapter with a successor', () => {
      spec
        .given(activeHistory)
        .when(dissolve(otherChapterId))
        .then([
          {
            type: 'ChapterDissolved',
            data: { chapterId, successorChapterId: otherChapterId, dissolvedBy: committeeMember, dissolvedAt: at },
          },
        ]);
    });

    it('closes a chapter without a successor, also one still forming', () => {
      spec
        .given([started, signed(ada)])
        .when(dissolve(null))
        .then([
          {
            type: 'ChapterDissolved',
            data: { chapterId, successorChapterId: null, dissolvedBy: committeeMember, dissolvedAt: at },
          },
        ]);
    });

    it('rejects itself as its successor', () => {
      spec.given(activeHistory).when(dissolve(chapterId)).thenThrows(ChapterIntoItselfError, 'CHAPTER_INTO_ITSELF');
    });

    it('rejects an unknown or inactive successor', () => {
      spec.given(activeHistory).when(dissolve(otherChapterId, null)).thenThrows(ChapterNotFoundError);
      spec.given(activeHistory).when(dissolve(otherChapterId, 'closed')).thenThrows(ChapterNotActiveError);
    });

    it('rejects an unknown or closed chapter', () => {
      spec.given([]).when(dissolve(null)).thenThrows(ChapterNotFoundError, 'CHAPTER_NOT_FOUND');
      spec
        .given([...activeHistory, merged])
        .when(dissolve(null))
        .thenThrows(ChapterClosedError, 'CHAPTER_CLOSED');
    });
  });

  describe('RecordMembersMoved', () => {
    const record: ChapterCommand = {
      type: 'RecordMembersMoved',
      data: { chapterId, memberIds: [ada, bea], movedAt: at },
    };

    it('records who was moved out of a closed chapter', () => {
      spec
        .given([...activeHistory, merged])
        .when(record)
        .then([{ type: 'ChapterMembersMoved', data: { chapterId, memberIds: [ada, bea], movedAt: at } }]);
    });

    it('refuses an open chapter, which has nobody to move', () => {
      expect(() => chapterDecider.decide(record, foldEvents(chapterDecider, activeHistory))).toThrow(/not closed/);
    });
  });

  it('goes FORMING, ACTIVE, CLOSED and counts its founders in order', () => {
    expect(foldEvents(chapterDecider, [started, signed(ada)])).toMatchObject({ status: 'forming', founderIds: [ada] });
    expect(foldEvents(chapterDecider, activeHistory)).toMatchObject({ status: 'active', founderIds: [ada, bea, cy] });
    expect(foldEvents(chapterDecider, [...activeHistory, merged])).toMatchObject({ status: 'closed' });
  });

  it('never founds a chapter before the minimum number of distinct founders has signed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.constantFrom(ada, bea, cy, committeeMember), { maxLength: 10 }),
        (minimum, signers) => {
          let history: ChapterEvent[] = [
            ...chapterDecider.decide(found({ foundersMinimum: minimum }), chapterDecider.initialState()),
          ];
          // The founding workflow holds every founder (all are free here) and completes at once.
          const completeIfStarted = () => {
            const last = history[history.length - 1];
            if (last?.type !== 'ChapterFoundingCompletionStarted') return;
            const decided = chapterDecider.decide(complete(last.data.founderIds), foldEvents(chapterDecider, history));
            history = [...history, ...decided];
          };
          completeIfStarted();
          for (const signer of signers) {
            try {
              history = [
                ...history,
                ...chapterDecider.decide(
                  sign(signer, { foundersMinimum: minimum }),
                  foldEvents(chapterDecider, history),
                ),
              ];
              completeIfStarted();
            } catch {
              // Rejections (a second signature, an active chapter) append nothing.
            }
          }
          const founders = new Set([ada, ...signers]);
          const expectedActive = founders.size >= minimum;
          expect(foldEvents(chapterDecider, history).status).toBe(expectedActive ? 'active' : 'forming');
          expect(history.filter((event) => event.type === 'ChapterFounded')).toHaveLength(expectedActive ? 1 : 0);
        },
      ),
    );
  });
});
