import { Inject, Injectable } from '@nestjs/common';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';

/**
 * The rules for founding a chapter. The one place the founders minimum is read: today from the
 * configuration (PLENARY_CHAPTER_FOUNDERS_MINIMUM), later from the committee's interim rules.
 */
@Injectable()
export class ChapterFoundingRules {
  constructor(@Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig) {}

  /** How many founders must have signed for a chapter to become active. */
  foundersMinimum(): number {
    return this.config.chapterFoundersMinimum;
  }
}
