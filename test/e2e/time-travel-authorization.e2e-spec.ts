import { randomUUID } from 'node:crypto';
import { TestApp } from '../support/test-app';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface QueryField {
  name: string;
  args: Array<{ name: string; type: TypeRef }>;
  type: TypeRef;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

function named(type: TypeRef): TypeRef {
  return type.ofType === null || type.ofType === undefined ? type : named(type.ofType);
}

/** A value of each enum a required argument takes; a new one makes the test say what to add here. */
const KNOWN_ENUM_VALUES: Readonly<Record<string, string>> = {
  AuditEntity: 'PROPOSAL',
  StatisticsDimension: 'CHAPTER',
};

/** A value for each required argument, from its scalar type; anything else is for this test to learn. */
function requiredArguments(field: QueryField): string {
  return field.args
    .filter((argument) => argument.type.kind === 'NON_NULL')
    .map((argument) => {
      const type = named(argument.type);
      if (type.name === 'ID' || type.name === 'UUID') return `${argument.name}: "${randomUUID()}"`;
      if (type.name === 'String') return `${argument.name}: "1"`;
      if (type.name === 'Int') return `${argument.name}: 1`;
      const known = KNOWN_ENUM_VALUES[type.name ?? ''];
      if (known !== undefined) return `${argument.name}: ${known}`;
      throw new Error(`${field.name}: teach this test a value for the required ${argument.name}: ${type.name}`);
    })
    .join(', ');
}

/**
 * `asOf` changes when a query answers for, never who may ask: every query that takes it must
 * refuse or admit a caller exactly as it does without it.
 */
describe('asOf needs the same authorization as the query it modifies (e2e)', () => {
  let app: TestApp;
  let asOfQueries: QueryField[];
  let memberToken: string;
  let operatorToken: string;

  beforeAll(async () => {
    app = await TestApp.start();
    memberToken = (await app.enroll('Time Auditor')).token;
    operatorToken = await app.operatorToken();
    const schema = await app.gql(
      `{ __schema { queryType { fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } } } }`,
    );
    const fields = schema.data!.__schema.queryType.fields as QueryField[];
    asOfQueries = fields.filter((field) => field.args.some((argument) => argument.name === 'asOf'));
  });

  afterAll(async () => {
    await app.stop();
  });

  /** The error codes of one query, asked with or without asOf, as one caller. */
  async function codes(field: QueryField, asOf: string | null, token: string | undefined): Promise<string[]> {
    const passed = [requiredArguments(field), asOf === null ? '' : `asOf: "${asOf}"`].filter(Boolean).join(', ');
    const selection = named(field.type).kind === 'OBJECT' ? ' { __typename }' : '';
    const result = await app.gql(`{ ${field.name}${passed === '' ? '' : `(${passed})`}${selection} }`, {}, { token });
    return (result.errors ?? []).map((error) => `${error.extensions?.code}/${error.extensions?.reason ?? ''}`);
  }

  it('finds the structural and audit queries that take asOf, and none of the token-only ones', () => {
    const names = asOfQueries.map((field) => field.name);
    expect(names).toEqual(
      expect.arrayContaining(['chapters', 'committee', 'charter', 'rule', 'decisions', 'convention']),
    );
    expect(names).not.toContain('me');
    expect(names).not.toContain('myReferendumBallot');
  });

  it('refuses or admits each caller the same way with and without asOf', async () => {
    const callers: Array<[string, string | undefined]> = [
      ['no token', undefined],
      ['a member', memberToken],
      ['an operator', operatorToken],
      ['a token the server refuses', 'not-a-token'],
    ];
    for (const field of asOfQueries) {
      for (const [who, token] of callers) {
        const now = await codes(field, null, token);
        const past = await codes(field, '0', token);
        expect({ query: field.name, who, codes: past }).toEqual({ query: field.name, who, codes: now });
      }
    }
  });
});
