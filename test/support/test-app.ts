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
  private coFounderCount = 0;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: PlenaryConfig,
    private readonly dir: { path: string; remove(): void },
  ) {}

  /**
   * `chapterFoundersMinimum` sets the interim rules at setup (as an operator would), before any
   * committee member is appointed; the other rules keep their defaults.
   */
  static async start(env: NodeJS.ProcessEnv = {}, options: { chapterFoundersMinimum?: number } = {}): Promise<TestApp> {
    const dir = makeTempDir('plenary-e2e-');
    const config = loadConfig({ PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'silent', ...env });
    const testApp = new TestApp(await createApp(config), config, dir);
    if (options.chapterFoundersMinimum !== undefined) {
      const result = await testApp.gql(
        `mutation ($input: SetInterimRulesInput!) { setInterimRules(input: $input) { version } }`,
        {
          input: {
            rules: {
              minimumSupport: { numerator: 4, denominator: 5 },
              maximumObjections: 1,
              minimumChapterFounders: options.chapterFoundersMinimum,
            },
          },
        },
        { token: await testApp.operatorToken() },
      );
      if (result.errors !== undefined)
        throw new Error(`setting the interim rules failed: ${JSON.stringify(result.errors)}`);
    }
    return testApp;
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

  /** The version of the commitments in force, read from the log (not a read model that may lag). */
  async currentCommitmentsVersion(): Promise<number | null> {
    const [latest] = await this.store.readStream('Commitments-organization', { direction: 'backwards', maxCount: 1 });
    return latest === undefined ? null : (latest.data as { version: number }).version;
  }

  /**
   * Enrols a member and returns its id and development token. It accepts the current version of
   * the commitments unless told which version to accept.
   */
  async enroll(
    pseudonym: string,
    region: string | null = null,
    options: { acceptedCommitmentsVersion?: number | null } = {},
  ): Promise<{ memberId: string; token: string; position: string }> {
    const acceptedCommitmentsVersion =
      'acceptedCommitmentsVersion' in options
        ? options.acceptedCommitmentsVersion
        : await this.currentCommitmentsVersion();
    const result = await this.gql(
      `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token receipt { position } } }`,
      { input: { pseudonym, region, acceptedCommitmentsVersion } },
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

  /**
   * Founds an active chapter: the member behind `token` starts it, then co-founders sign until
   * the configured minimum is reached. Co-founders are the given tokens, then newly enrolled
   * members as needed. Every founder joins the chapter.
   */
  async foundChapter(
    token: string,
    name: string,
    region: string | null,
    options: { coFounders?: readonly string[]; branchId?: string } = {},
  ): Promise<{ chapterId: string; position: string; coFounders: string[] }> {
    const result = await this.gql(
      `mutation ($input: FoundChapterInput!) {
        foundChapter(input: $input) { chapterId status receipt { position } }
      }`,
      { input: { name, kind: region === null ? 'ONLINE' : 'LOCAL', region, branchId: options.branchId } },
      { token },
    );
    if (result.errors !== undefined) throw new Error(`founding failed: ${JSON.stringify(result.errors)}`);
    const { chapterId } = result.data!.foundChapter;
    let { status } = result.data!.foundChapter;
    let position: string = result.data!.foundChapter.receipt.position;
    const coFounders = [...(options.coFounders ?? [])];
    const signed: string[] = [];
    while (status !== 'ACTIVE') {
      const coFounder = coFounders.shift() ?? (await this.enroll(`Cofounder ${++this.coFounderCount}`)).token;
      const signature = await this.gql(
        `mutation ($input: SignChapterFoundingInput!) {
          signChapterFounding(input: $input) { status receipt { position } }
        }`,
        { input: { chapterId } },
        { token: coFounder },
      );
      if (signature.errors !== undefined) throw new Error(`signing failed: ${JSON.stringify(signature.errors)}`);
      signed.push(coFounder);
      status = signature.data!.signChapterFounding.status;
      position = signature.data!.signChapterFounding.receipt.position;
    }
    return { chapterId, position, coFounders: signed };
  }

  async stop(): Promise<void> {
    await this.app.close();
    this.dir.remove();
  }
}
