import { checkChapterName, checkPseudonym } from '../names';
import { ChapterNameTakenError } from '../chapter/chapter.errors';
import { PseudonymTakenError } from '../member/member.errors';
import { NameClaimScope } from './name-claim';

/** Pseudonyms are unique across the whole organization. */
export const pseudonymScope: NameClaimScope = {
  streamCategory: 'PseudonymClaim',
  check: (name) => checkPseudonym(name),
  taken: (name) => new PseudonymTakenError(name),
};

/** Chapter names are unique across the organization, so members can tell chapters apart. */
export const chapterNameScope: NameClaimScope = {
  streamCategory: 'ChapterNameClaim',
  check: (name) => checkChapterName(name),
  taken: (name) => new ChapterNameTakenError(name),
};
