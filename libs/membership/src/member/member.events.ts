import { SealedValue } from '../../../core/src';

/** Events of one member's stream, Member-<memberId>. */
export type MemberEnrolled = {
  type: 'MemberEnrolled';
  data: {
    memberId: string;
    pseudonym: string;
    region: string | null;
    /** The version of the commitments the member accepted; null when none had been published yet. */
    acceptedCommitmentsVersion: number | null;
    /** Sealed under the member's key; absent in enrolments recorded before contact details existed. */
    contact?: SealedValue | null;
    enrolledAt: string;
  };
};
export type MemberJoinedChapter = {
  type: 'MemberJoinedChapter';
  data: { memberId: string; chapterId: string; joinedAt: string };
};
export type MemberLeftChapter = {
  type: 'MemberLeftChapter';
  data: { memberId: string; chapterId: string; leftAt: string };
};
export type MemberRegionChanged = {
  type: 'MemberRegionChanged';
  data: { memberId: string; region: string | null; changedAt: string };
};
/** One step from one chapter to another, so the member is never without a chapter in between. */
export type MemberTransferredChapter = {
  type: 'MemberTransferredChapter';
  data: { memberId: string; fromChapterId: string; toChapterId: string; transferredAt: string };
};
/** The member left the organization; the pseudonym stays claimed so audit trails stay unambiguous. */
export type MemberResigned = {
  type: 'MemberResigned';
  data: { memberId: string; chapterId: string | null; resignedAt: string };
};
/**
 * A chapter this member signed the founding of became active, but the member could no longer
 * join it (they had joined another chapter or resigned in the meantime).
 */
export type MemberFounderJoinSkipped = {
  type: 'MemberFounderJoinSkipped';
  data: {
    memberId: string;
    chapterId: string;
    reason: 'IN_ANOTHER_CHAPTER' | 'RESIGNED';
    skippedAt: string;
  };
};
/** The member's chapter was merged into another, which the member now belongs to. */
export type MemberMovedByMerger = {
  type: 'MemberMovedByMerger';
  data: { memberId: string; fromChapterId: string; toChapterId: string; movedAt: string };
};
/** The member's chapter was dissolved with a successor, which the member now belongs to. */
export type MemberMovedToSuccessorChapter = {
  type: 'MemberMovedToSuccessorChapter';
  data: { memberId: string; fromChapterId: string; toChapterId: string; movedAt: string };
};
/** The member's chapter was dissolved without a successor; the member stays enrolled, in no chapter. */
export type MemberReleasedByDissolution = {
  type: 'MemberReleasedByDissolution';
  data: { memberId: string; chapterId: string; releasedAt: string };
};

export type MemberContactDetailsChanged = {
  type: 'MemberContactDetailsChanged';
  data: { memberId: string; contact: SealedValue | null; changedAt: string };
};
/** The member's key is gone: every sealed copy of their personal data is unreadable for good. */
export type MemberPersonalDataErased = {
  type: 'MemberPersonalDataErased';
  data: { memberId: string; erasedBy: 'member' | 'operator'; erasedAt: string };
};

/**
 * A chapter this member signed is being founded: the member is held for it while the founding
 * completes, so two foundings cannot both count them. Ends when they join it, or is released.
 */
export type MemberReservedForFounding = {
  type: 'MemberReservedForFounding';
  data: { memberId: string; chapterId: string; reservedAt: string };
};
/** The founding that held this member did not complete; they are free again. */
export type MemberFoundingReservationReleased = {
  type: 'MemberFoundingReservationReleased';
  data: { memberId: string; chapterId: string; releasedAt: string };
};
export type MemberEvent =
  | MemberEnrolled
  | MemberJoinedChapter
  | MemberLeftChapter
  | MemberRegionChanged
  | MemberTransferredChapter
  | MemberResigned
  | MemberFounderJoinSkipped
  | MemberMovedByMerger
  | MemberMovedToSuccessorChapter
  | MemberReleasedByDissolution
  | MemberContactDetailsChanged
  | MemberPersonalDataErased
  | MemberReservedForFounding
  | MemberFoundingReservationReleased;

export const memberStream = (memberId: string): string => `Member-${memberId}`;
