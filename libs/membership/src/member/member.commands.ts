import { SealedValue } from '../../../core/src';
import { ChapterClosure, ChapterLifecycle } from '../chapter/chapter.state';

/** What the chapter looked like when the command was accepted; null when it does not exist. */
export interface ChapterFacts {
  readonly chapterId: string;
  readonly name: string;
  readonly status: ChapterLifecycle;
}

export type EnrollMember = {
  type: 'EnrollMember';
  data: {
    memberId: string;
    pseudonym: string;
    region: string | null;
    /** The version the applicant says they accept; null when they accept none. */
    acceptedCommitmentsVersion: number | null;
    /** The version in force when the command was accepted; null when none has been published. */
    currentCommitmentsVersion: number | null;
    /** Contact details sealed under the member's own key (never plain text); none when left out. */
    contact?: SealedValue | null;
    /** A chapter to join on enrolment, with what it looked like when the command was accepted. */
    joining?: { chapterId: string; chapter: ChapterFacts | null } | null;
    enrolledAt: string;
  };
};
export type JoinChapter = {
  type: 'JoinChapter';
  data: { memberId: string; chapterId: string; chapter: ChapterFacts | null; joinedAt: string };
};
export type LeaveChapter = {
  type: 'LeaveChapter';
  data: { memberId: string; leftAt: string };
};
export type ChangeMemberRegion = {
  type: 'ChangeMemberRegion';
  data: { memberId: string; region: string | null; changedAt: string };
};
export type TransferChapter = {
  type: 'TransferChapter';
  data: { memberId: string; chapterId: string; chapter: ChapterFacts | null; transferredAt: string };
};
export type ResignMember = {
  type: 'ResignMember';
  data: { memberId: string; resignedAt: string };
};
/** A chapter the member signed the founding of has become active: join it if still possible. */
export type JoinFoundedChapter = {
  type: 'JoinFoundedChapter';
  data: { memberId: string; chapterId: string; joinedAt: string };
};
/** Holds the member for a chapter whose founding is completing (a step of the founding workflow). */
export type ReserveForFounding = {
  type: 'ReserveForFounding';
  data: { memberId: string; chapterId: string; reservedAt: string };
};
/** Frees a member a founding that did not complete was holding. */
export type ReleaseFoundingReservation = {
  type: 'ReleaseFoundingReservation';
  data: { memberId: string; chapterId: string; releasedAt: string };
};
/** The member's chapter was closed: follow it to its target or successor, or be released. */
export type MoveFromClosedChapter = {
  type: 'MoveFromClosedChapter';
  data: { memberId: string; chapterId: string; closure: ChapterClosure; movedAt: string };
};

/** Replaces the member's sealed contact details; null removes them. */
export type ChangeContactDetails = {
  type: 'ChangeContactDetails';
  data: { memberId: string; contact: SealedValue | null; changedAt: string };
};
/** Records that the member's key was destroyed: their personal data can never be read again. */
export type ErasePersonalData = {
  type: 'ErasePersonalData';
  data: { memberId: string; erasedBy: 'member' | 'operator'; erasedAt: string };
};

export type MemberCommand =
  | EnrollMember
  | JoinChapter
  | LeaveChapter
  | ChangeMemberRegion
  | TransferChapter
  | ResignMember
  | JoinFoundedChapter
  | MoveFromClosedChapter
  | ChangeContactDetails
  | ErasePersonalData
  | ReserveForFounding
  | ReleaseFoundingReservation;
