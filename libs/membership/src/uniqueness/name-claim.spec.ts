import { InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { PseudonymTakenError } from '../member/member.errors';
import { nameClaimDecider, nameClaimStream } from './name-claim';
import { pseudonymScope } from './scopes';

const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(nameClaimDecider(pseudonymScope));
const claimed = {
  type: 'NameClaimed' as const,
  data: { scope: 'PseudonymClaim', key: 'ada l', name: 'Ada L', ownerId: 'member-1', claimedAt: at },
};

describe('name claims', () => {
  it('claims a free name for its owner', () => {
    spec
      .given([])
      .when({ type: 'ClaimName', data: { name: 'Ada  L', ownerId: 'member-1', claimedAt: at } })
      .then([claimed]);
  });

  it('rejects a name another owner holds', () => {
    spec
      .given([claimed])
      .when({ type: 'ClaimName', data: { name: 'ADA L', ownerId: 'member-2', claimedAt: at } })
      .thenThrows(PseudonymTakenError, 'PSEUDONYM_TAKEN');
  });

  it('is a no-op when the owner claims its own name again (a retried enrolment)', () => {
    spec
      .given([claimed])
      .when({ type: 'ClaimName', data: { name: 'Ada L', ownerId: 'member-1', claimedAt: at } })
      .thenNothingHappened();
  });

  it('validates before claiming, so an invalid name is never reserved', () => {
    spec
      .given([])
      .when({ type: 'ClaimName', data: { name: 'x', ownerId: 'member-1', claimedAt: at } })
      .thenThrows(InvalidInputError);
  });

  it('maps names that differ only in case, spacing or compatibility form to one stream', () => {
    const stream = nameClaimStream(pseudonymScope, 'Ada Lovelace');
    expect(nameClaimStream(pseudonymScope, '  ada   LOVELACE ')).toBe(stream);
    expect(nameClaimStream(pseudonymScope, 'Ａｄａ Lovelace')).toBe(stream);
    expect(nameClaimStream(pseudonymScope, 'Ada Byron')).not.toBe(stream);
    expect(stream).toMatch(/^PseudonymClaim-[0-9a-f]{32}$/);
  });
});
