import { InvalidInputError, SealedValue } from '../../../../libs/core/src';
import { CONTACT_MAX_LENGTH, PersonalDataErasedError } from '../../../../libs/membership/src';
import { KeyVault, MemberErasedError } from '../../../../libs/privacy/src';

/**
 * Seals contact details under the member's own key; the plain text never reaches the log.
 * Null or blank means none.
 */
export async function sealContact(
  vault: KeyVault,
  memberId: string,
  contact: string | null | undefined,
): Promise<SealedValue | null> {
  const text = contact?.trim() ?? '';
  if (text.length === 0) return null;
  // Code points, as the schema's limit means: an emoji is one character, not two.
  if ([...text].length > CONTACT_MAX_LENGTH) {
    throw new InvalidInputError([{ field: 'contact', message: `must have at most ${CONTACT_MAX_LENGTH} characters` }]);
  }
  try {
    return await vault.seal(memberId, text);
  } catch (error) {
    if (error instanceof MemberErasedError) throw new PersonalDataErasedError(memberId);
    throw error;
  }
}
