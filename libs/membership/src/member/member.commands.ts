/** What the chapter looked like when the command was accepted; null when it does not exist. */
export interface ChapterFacts {
  readonly chapterId: string;
  readonly name: string;
}

export type EnrollMember = {
  type: 'EnrollMember';
  data: { memberId: string; pseudonym: string; region: string | null; enrolledAt: string };
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

export type MemberCommand = EnrollMember | JoinChapter | LeaveChapter | ChangeMemberRegion;
