import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyVault } from '../../libs/privacy/src';
import { entityIdFor } from '../../libs/core/src';
import { KEY_VAULT } from '../../apps/api/src/infrastructure/tokens';
import { ReadModels } from '../../apps/api/src/infrastructure/read-models.service';
import { MembershipReadModel } from '../../apps/api/src/membership/membership.read-model';
import { TestApp } from '../support/test-app';

const ENROL = `mutation ($input: EnrollMemberInput!) {
  enrollMember(input: $input) { memberId token receipt { position } }
}`;
const ME = `query ($wait: String) { me(waitForPosition: $wait) { contact personalDataErasedAt status } }`;
const CHANGE = `mutation ($input: ChangeContactDetailsInput!) {
  changeContactDetails(input: $input) { memberId receipt { position } }
}`;
const ERASE = `mutation ($input: ErasePersonalDataInput) {
  erasePersonalData(input: $input) { memberId receipt { position replayed } }
}`;

type Member = { memberId: string; token: string; position: string };

describe('personal data sealed under per-member keys, and erasure (e2e)', () => {
  let app: TestApp;
  let operator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    operator = await app.operatorToken();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function enrol(pseudonym: string, contact: string | null): Promise<Member> {
    const result = await app.gql(ENROL, { input: { pseudonym, contact } });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.enrollMember;
    return { memberId: payload.memberId, token: payload.token, position: payload.receipt.position };
  }

  async function me(member: Member, wait: string) {
    const result = await app.gql(ME, { wait }, { token: member.token });
    expect(result.errors).toBeUndefined();
    return result.data!.me;
  }

  /** The member's profile as the read models hold it, once they include `position` (their own token no longer works). */
  async function profileAfterErasure(memberId: string, position: string) {
    await app.app.get(ReadModels).waitFor(position);
    return (await app.app.get(MembershipReadModel).member(memberId))!;
  }

  /** Every file of the data directory that holds these bytes (event store, read models, WAL files). */
  function filesHolding(text: string): string[] {
    const dir = dirname(app.config.readModelPath);
    return readdirSync(dir).filter((file) => {
      try {
        return readFileSync(`${dir}/${file}`).includes(Buffer.from(text, 'utf8'));
      } catch {
        return false;
      }
    });
  }

  it('keeps contact details only sealed: readable by the member, never in plain text in any file', async () => {
    const ada = await enrol('Ada Sealed', 'ada.sealed@example.org');
    expect(await me(ada, ada.position)).toEqual({
      contact: 'ada.sealed@example.org',
      personalDataErasedAt: null,
      status: 'ACTIVE',
    });
    const [enrolled] = await app.store.readStream(`Member-${ada.memberId}`);
    expect(enrolled.data).toMatchObject({ contact: { scheme: 'aes-256-gcm', keyId: ada.memberId } });
    expect(JSON.stringify(enrolled.data)).not.toContain('ada.sealed@example.org');
    expect(filesHolding('ada.sealed@example.org')).toEqual([]);
  });

  it('replaces and removes contact details', async () => {
    const bea = await enrol('Bea Sealed', null);
    expect((await me(bea, bea.position)).contact).toBeNull();
    const changed = await app.gql(CHANGE, { input: { contact: 'bea@example.org' } }, { token: bea.token });
    expect(changed.errors).toBeUndefined();
    expect((await me(bea, changed.data!.changeContactDetails.receipt.position)).contact).toBe('bea@example.org');
    const removed = await app.gql(CHANGE, { input: { contact: null } }, { token: bea.token });
    expect((await me(bea, removed.data!.changeContactDetails.receipt.position)).contact).toBeNull();
  });

  it('refuses contact details that are too long, appending nothing and making no key', async () => {
    const cy = await enrol('Cy Sealed', null);
    const result = await app.expectNothingAppended(() =>
      app.gql(CHANGE, { input: { contact: 'x'.repeat(501) } }, { token: cy.token }),
    );
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'contact' }] });
    expect(await app.app.get<KeyVault>(KEY_VAULT).status(cy.memberId)).toBe('none');
    const enrolment = await app.expectNothingAppended(() =>
      app.gql(ENROL, { input: { pseudonym: 'Too Long', contact: 'y'.repeat(501) } }),
    );
    expect(enrolment.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    // A taken pseudonym is refused before anything is sealed: no key for the would-be member.
    const commandId = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const taken = await app.expectNothingAppended(() =>
      app.gql(ENROL, { input: { pseudonym: 'Cy Sealed', contact: 'cy2@example.org', commandId } }),
    );
    expect(taken.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PSEUDONYM_TAKEN' });
    expect(await app.app.get<KeyVault>(KEY_VAULT).status(entityIdFor('member', commandId))).toBe('none');
  });

  it('erasure destroys the key: the data is unreadable everywhere, the log is untouched, nothing can be stored again', async () => {
    const dee = await enrol('Dee Sealed', 'dee@example.org');
    const before = await app.store.readStream(`Member-${dee.memberId}`);
    const erased = await app.gql(ERASE, {}, { token: dee.token });
    expect(erased.errors).toBeUndefined();
    const position = erased.data!.erasePersonalData.receipt.position;
    const view = await profileAfterErasure(dee.memberId, position);
    expect(view.contact).toBeNull();
    expect(view.personalDataErasedAt).not.toBeNull();

    const after = await app.store.readStream(`Member-${dee.memberId}`);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[after.length - 1]).toMatchObject({ type: 'MemberPersonalDataErased', data: { erasedBy: 'member' } });

    // The erased member has left for good: their token no longer works for anything.
    const again = await app.expectNothingAppended(() =>
      app.gql(CHANGE, { input: { contact: 'dee.again@example.org' } }, { token: dee.token }),
    );
    expect(again.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
    const twice = await app.expectNothingAppended(() => app.gql(ERASE, {}, { token: dee.token }));
    expect(twice.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
    // Nothing can be stored for them again, even by an operator acting on their behalf.
    const byOperator = await app.expectNothingAppended(() =>
      app.gql(ERASE, { input: { memberId: dee.memberId } }, { token: operator }),
    );
    expect(byOperator.errors).toBeUndefined();
  });

  it('lets a resigned member erase, and an operator erase a named member', async () => {
    const eve = await enrol('Eve Sealed', 'eve@example.org');
    expect((await app.gql('mutation { resign { memberId } }', {}, { token: eve.token })).errors).toBeUndefined();
    expect((await app.gql(ERASE, {}, { token: eve.token })).errors).toBeUndefined();

    const fay = await enrol('Fay Sealed', 'fay@example.org');
    const byOperator = await app.gql(ERASE, { input: { memberId: fay.memberId } }, { token: operator });
    expect(byOperator.errors).toBeUndefined();
    expect(
      (await profileAfterErasure(fay.memberId, byOperator.data!.erasePersonalData.receipt.position)).contact,
    ).toBeNull();
    const [, erased] = await app.store.readStream(`Member-${fay.memberId}`);
    expect(erased).toMatchObject({ type: 'MemberPersonalDataErased', data: { erasedBy: 'operator' } });
  });

  it('refuses to erase someone else, an operator naming nobody, an unknown member, or without a token', async () => {
    const gus = await enrol('Gus Sealed', 'gus@example.org');
    const hal = await enrol('Hal Sealed', null);
    const other = await app.expectNothingAppended(() =>
      app.gql(ERASE, { input: { memberId: gus.memberId } }, { token: hal.token }),
    );
    expect(other.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_DATA' });
    const nobody = await app.expectNothingAppended(() => app.gql(ERASE, {}, { token: operator }));
    expect(nobody.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'memberId' }] });
    const unknown = await app.expectNothingAppended(() =>
      app.gql(ERASE, { input: { memberId: '00000000-0000-4000-8000-000000000099' } }, { token: operator }),
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND' });
    const anonymous = await app.expectNothingAppended(() => app.gql(ERASE, { input: { memberId: gus.memberId } }));
    expect(anonymous.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await me(gus, gus.position)).contact).toBe('gus@example.org');
  });
});
