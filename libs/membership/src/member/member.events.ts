/** Events of one member's stream, Member-<memberId>. */
export type MemberEnrolled = {
  type: 'MemberEnrolled';
  data: { memberId: string; pseudonym: string; region: string | null; enrolledAt: string };
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

export type MemberEvent = MemberEnrolled | MemberJoinedChapter | MemberLeftChapter | MemberRegionChanged;

export const memberStream = (memberId: string): string => `Member-${memberId}`;
