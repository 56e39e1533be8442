import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { EventStore } from '../../libs/event-store/src';
import { makeTempDir } from '../../libs/testing/src';
import { loadConfig, PlenaryConfig } from '../../apps/api/src/config/plenary-config';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { createApp } from '../../apps/api/src/main';

export interface GraphQLResult<Data = Record<string, unknown>> {
  readonly status: number;
  readonly contentType: string;
  readonly data?: Data | null;
  readonly errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

/** A real Plenary API on a fresh data directory (real SQLite files, real HTTP via supertest). */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: PlenaryConfig,
    private readonly dir: { path: string; remove(): void },
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    const dir = makeTempDir('plenary-e2e-');
    const config = loadConfig({ PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'silent', ...env });
    const app = await createApp(config);
    return new TestApp(app, config, dir);
  }

  get store(): EventStore {
    return this.app.get<EventStore>(EVENT_STORE);
  }

  get server() {
    return this.app.getHttpServer();
  }

  async gql<Data = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; accept?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResult<Data>> {
    let call = request(this.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('accept', options.accept ?? 'application/graphql-response+json');
    if (options.token !== undefined) call = call.set('authorization', `Bearer ${options.token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
    const response = await call.send({ query, variables });
    return { status: response.status, contentType: String(response.headers['content-type']), ...response.body };
  }

  /** Runs a rejected command and asserts that it left the log exactly as it was. */
  async expectNothingAppended<T>(action: () => Promise<T>): Promise<T> {
    const before = await this.store.headPosition();
    const result = await action();
    expect(await this.store.headPosition()).toBe(before);
    return result;
  }

  /** Enrols a member and returns its id and development token. */
  async enroll(
    pseudonym: string,
    region: string | null = null,
  ): Promise<{ memberId: string; token: string; position: string }> {
    const result = await this.gql(
      `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token receipt { position } } }`,
      { input: { pseudonym, region } },
    );
    if (result.errors !== undefined) throw new Error(`enrolment failed: ${JSON.stringify(result.errors)}`);
    const payload = result.data!.enrollMember;
    return { memberId: payload.memberId, token: payload.token, position: payload.receipt.position };
  }

  async operatorToken(name = 'test-operator'): Promise<string> {
    const result = await this.gql(
      `mutation { issueDevToken(input: { kind: OPERATOR, subject: "${name}" }) { token } }`,
    );
    return result.data!.issueDevToken.token;
  }

  async foundChapter(
    token: string,
    name: string,
    region: string | null,
  ): Promise<{ chapterId: string; position: string }> {
    const result = await this.gql(
      `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId receipt { position } } }`,
      { input: { name, kind: region === null ? 'ONLINE' : 'LOCAL', region } },
      { token },
    );
    if (result.errors !== undefined) throw new Error(`founding failed: ${JSON.stringify(result.errors)}`);
    return { chapterId: result.data!.foundChapter.chapterId, position: result.data!.foundChapter.receipt.position };
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.dir.remove();
  }
}
