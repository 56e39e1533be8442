import { assertNever } from '../../../core/src';
import { ChapterEvent, ChapterPlace } from './chapter.events';

/** FORMING while founders sign, ACTIVE once founded, CLOSED after a merger or dissolution. */
export type ChapterLifecycle = 'forming' | 'active' | 'closed';

/** Where the members of a closed chapter go. */
export type ChapterClosure =
  { kind: 'merger'; intoChapterId: string } | { kind: 'dissolution'; successorChapterId: string | null };

export type ChapterState =
  | { status: 'unknown' }
  | {
      status: ChapterLifecycle;
      chapterId: string;
      name: string;
      place: ChapterPlace;
      branchId: string | null;
      founderIds: readonly string[];
      /** The founding completing now (see ChapterFoundingCompletionStarted); null when none is. */
      completing: { readonly founderIds: readonly string[]; readonly foundersMinimum: number } | null;
      /** How the chapter was closed; null until it is. */
      closure: ChapterClosure | null;
    };

export const initialChapterState = (): ChapterState => ({ status: 'unknown' });

export function evolveChapter(state: ChapterState, event: ChapterEvent): ChapterState {
  switch (event.type) {
    case 'ChapterFoundingStarted':
      return {
        status: 'forming',
        chapterId: event.data.chapterId,
        name: event.data.name,
        place: event.data.place,
        branchId: event.data.branchId,
        founderIds: [],
        completing: null,
        closure: null,
      };
    case 'ChapterFoundingSigned':
      return state.status === 'unknown' ? state : { ...state, founderIds: [...state.founderIds, event.data.memberId] };
    case 'ChapterFoundingCompletionStarted':
      return state.status === 'unknown'
        ? state
        : {
            ...state,
            completing: { founderIds: event.data.founderIds, foundersMinimum: event.data.foundersMinimum },
          };
    case 'ChapterFoundingCompletionFailed':
      return state.status === 'unknown' ? state : { ...state, completing: null };
    case 'ChapterFounded':
      return state.status === 'unknown' ? state : { ...state, status: 'active', completing: null };
    case 'ChapterMergedInto':
      return state.status === 'unknown'
        ? state
        : {
            ...state,
            status: 'closed',
            completing: null,
            closure: { kind: 'merger', intoChapterId: event.data.intoChapterId },
          };
    case 'ChapterDissolved':
      return state.status === 'unknown'
        ? state
        : {
            ...state,
            status: 'closed',
            completing: null,
            closure: { kind: 'dissolution', successorChapterId: event.data.successorChapterId },
          };
    case 'ChapterMembersMoved':
      return state;
    default:
      return assertNever(event);
  }
}
