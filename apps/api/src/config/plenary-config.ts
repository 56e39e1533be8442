import { isAbsolute, join, resolve } from 'node:path';
import { CONFIG_VARIABLES, ConfigEnvironment, ConfigVariableName, VariableSpec } from './config-schema';

/** How bearer tokens are checked: a local development key, a PEM public key, or a JWKS endpoint. */
export type AuthConfig =
  | { readonly mode: 'development'; readonly keyFile: string }
  | { readonly mode: 'public-key'; readonly publicKeyPem: string; readonly algorithm: string }
  | { readonly mode: 'jwks'; readonly jwksUrl: string }
  /** Production without an identity provider: only the tokens `signIn` issues are accepted. */
  | { readonly mode: 'embedded' };

export interface PlenaryConfig {
  /** Every variable's checked value, as the schema types it. */
  readonly env: ConfigEnvironment;
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | { readonly kind: 'eventstoredb'; readonly connectionString: string };
  /** Largest append either store accepts, in bytes as EventStoreDB counts them; match the server's MaxAppendSize. */
  readonly maxAppendBytes: number;
  readonly readModelPath: string;
  /** Keys kept apart from the log: per-member keys for personal data, per-vote keys for secret ballots. */
  readonly keyVaultPath: string;
  /**
   * Where the key vault lives: the SQLite file at `keyVaultPath` (one machine), or a PostgreSQL
   * database that every API replica of a deployment shares.
   */
  readonly keyVault: { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string };
  /** The Merkle tree over the log, in its own file. */
  readonly ledgerPath: string;
  /** The ledger's Ed25519 key file of earlier versions (PKCS#8 PEM), imported into the key vault when present. */
  readonly ledgerKeyPath: string;
  readonly auth: AuthConfig;
  /** The sign-in session key file of earlier versions, imported into the key vault when present. */
  readonly sessionKeyPath: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Expected `iss` and `aud` of every token. */
  readonly tokenIssuer: string;
  readonly tokenAudience: string;
  /** Serve the GraphiQL page (development only). */
  readonly graphiql: boolean;
  /** Longest a query waits for the read models to reach a requested position. */
  readonly readYourWritesTimeoutMs: number;
  /** The minimum cell size k of the published membership statistics. */
  readonly statisticsMinimumCellSize: number;
  /** Most periods × (chapters + branches) one statistics request may ask for. */
  readonly statisticsMaxCells: number;
  /** Positions a read model may trail the log's head while the service still reports ready. */
  readonly readyMaxLag: bigint;
  /** Longest pause between retries of a projection after a store error. */
  readonly projectionRetryMaxMs: number;
  /** How long a read-model write waits for another connection's lock. */
  readonly readModelBusyTimeoutMs: number;
  /** How long in-flight requests may run on after SIGTERM. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Bounds on what one GraphQL request may ask for, and whether the schema may be introspected. */
  readonly graphql: {
    readonly maxDepth: number;
    /** Live subscriptions one WebSocket connection may hold at once. */
    readonly maxSubscriptions: number;
    readonly maxCost: number;
    readonly maxAliases: number;
    readonly maxDirectives: number;
    readonly asOfCost: number;
    readonly introspection: boolean;
    /** "Did you mean …" in error messages: a map of the schema for whoever probes it. */
    readonly suggestions: boolean;
  };
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  /** Periodic copies of the read models that `asOf` views start from: every so many positions (0: none), how many kept, where. */
  readonly snapshots: { readonly every: number; readonly keep: number; readonly directory: string };
  /** Requests per window and client before 429; counters live in this process's memory. */
  readonly rateLimits: {
    readonly enabled: boolean;
    readonly windowMs: number;
    readonly mutationsPerAddress: number;
    readonly mutationsPerActor: number;
    readonly signInsPerAddress: number;
    readonly refusedTokensPerAddress: number;
  };
}

/** Bad configuration: the service refuses to start and says which variables to fix and how. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Checks every variable of the schema; all problems are reported at once. */
function checkEnvironment(env: NodeJS.ProcessEnv): ConfigEnvironment {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES) as Array<[ConfigVariableName, VariableSpec]>) {
    const raw = env[name] === '' ? undefined : env[name];
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      values[name] = parsed.data;
    } else {
      const shown = raw === undefined ? 'unset' : spec.secret ? '(value hidden)' : JSON.stringify(raw);
      const why = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push(`${name}=${shown}: ${why} (e.g. ${name}=${spec.example})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigEnvironment;
}

/** An on/off switch whose default depends on the environment (production or not). */
function onOff(value: 'on' | 'off' | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === 'on';
}

/** Problems no single variable shows: what one setting requires of another. */
function requirement(name: ConfigVariableName, why: string): string {
  return `${name} unset: ${why} (e.g. ${name}=${CONFIG_VARIABLES[name].example})`;
}

/** Reads the configuration from environment variables (the schema is in config-schema.ts). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): PlenaryConfig {
  const vars = checkEnvironment(env);
  const production = vars.NODE_ENV === 'production';
  const dataDir = isAbsolute(vars.PLENARY_DATA_DIR) ? vars.PLENARY_DATA_DIR : resolve(cwd, vars.PLENARY_DATA_DIR);
  const inDataDir = (file: string | undefined, fallback: string) =>
    file === undefined ? join(dataDir, fallback) : isAbsolute(file) ? file : resolve(cwd, file);

  const problems: string[] = [];
  let store: PlenaryConfig['store'];
  if (vars.PLENARY_STORE === 'eventstoredb') {
    if (vars.EVENTSTORE_CONNECTION_STRING === undefined)
      problems.push(requirement('EVENTSTORE_CONNECTION_STRING', 'PLENARY_STORE=eventstoredb needs it'));
    store = { kind: 'eventstoredb', connectionString: vars.EVENTSTORE_CONNECTION_STRING ?? '' };
  } else {
    store = { kind: 'sqlite', path: inDataDir(vars.PLENARY_EVENT_STORE_PATH, 'events.sqlite') };
  }

  let keyVault: PlenaryConfig['keyVault'] = { kind: 'sqlite' };
  if (vars.PLENARY_KEY_VAULT === 'postgres') {
    if (vars.PLENARY_KEY_VAULT_URL === undefined)
      problems.push(requirement('PLENARY_KEY_VAULT_URL', 'PLENARY_KEY_VAULT=postgres needs it'));
    keyVault = { kind: 'postgres', url: vars.PLENARY_KEY_VAULT_URL ?? '' };
  }

  let auth: AuthConfig;
  if (vars.PLENARY_JWKS_URL !== undefined) {
    auth = { mode: 'jwks', jwksUrl: vars.PLENARY_JWKS_URL };
  } else if (vars.PLENARY_JWT_PUBLIC_KEY !== undefined) {
    auth = { mode: 'public-key', publicKeyPem: vars.PLENARY_JWT_PUBLIC_KEY, algorithm: vars.PLENARY_JWT_ALGORITHM };
  } else if (production && vars.PLENARY_AUTH === 'embedded') {
    auth = { mode: 'embedded' };
  } else {
    if (production)
      problems.push(
        requirement(
          'PLENARY_JWKS_URL',
          'in production set PLENARY_JWKS_URL or PLENARY_JWT_PUBLIC_KEY to verify bearer tokens, or PLENARY_AUTH=embedded to accept only the tokens signIn issues',
        ),
      );
    auth = { mode: 'development', keyFile: join(dataDir, 'dev-signing-key.json') };
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: vars,
    production,
    host: vars.HOST ?? (production ? '0.0.0.0' : 'localhost'),
    port: vars.PORT,
    dataDir,
    store,
    maxAppendBytes: vars.PLENARY_MAX_APPEND_BYTES,
    readModelPath: inDataDir(vars.PLENARY_READ_MODEL_PATH, 'read-models.sqlite'),
    keyVaultPath: inDataDir(vars.PLENARY_KEY_VAULT_PATH, 'keys.sqlite'),
    keyVault,
    ledgerPath: inDataDir(vars.PLENARY_LEDGER_PATH, 'ledger.sqlite'),
    ledgerKeyPath: inDataDir(vars.PLENARY_LEDGER_KEY_PATH, 'ledger-signing-key.pem'),
    auth,
    sessionKeyPath: inDataDir(vars.PLENARY_SESSION_KEY_PATH, 'session-signing-key.json'),
    accessTokenTtlSeconds: vars.PLENARY_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: vars.PLENARY_REFRESH_TOKEN_TTL_SECONDS,
    tokenIssuer: vars.PLENARY_JWT_ISSUER,
    tokenAudience: vars.PLENARY_JWT_AUDIENCE,
    graphiql: !production && vars.PLENARY_GRAPHIQL !== 'off',
    readYourWritesTimeoutMs: vars.PLENARY_READ_YOUR_WRITES_TIMEOUT_MS,
    statisticsMinimumCellSize: vars.PLENARY_STATS_MIN_CELL,
    statisticsMaxCells: vars.PLENARY_STATS_MAX_CELLS,
    readyMaxLag: BigInt(vars.PLENARY_READY_MAX_LAG),
    projectionRetryMaxMs: vars.PLENARY_PROJECTION_RETRY_MAX_MS,
    readModelBusyTimeoutMs: vars.PLENARY_READ_MODEL_BUSY_TIMEOUT_MS,
    shutdownTimeoutMs: vars.PLENARY_SHUTDOWN_TIMEOUT_MS,
    logLevel: vars.PLENARY_LOG_LEVEL,
    graphql: {
      maxDepth: vars.PLENARY_GRAPHQL_MAX_DEPTH,
      maxSubscriptions: vars.PLENARY_GRAPHQL_MAX_SUBSCRIPTIONS,
      maxCost: vars.PLENARY_GRAPHQL_MAX_COST,
      maxAliases: vars.PLENARY_GRAPHQL_MAX_ALIASES,
      maxDirectives: vars.PLENARY_GRAPHQL_MAX_DIRECTIVES,
      asOfCost: vars.PLENARY_GRAPHQL_AS_OF_COST,
      introspection: onOff(vars.PLENARY_GRAPHQL_INTROSPECTION, !production),
      suggestions: onOff(vars.PLENARY_GRAPHQL_SUGGESTIONS, !production),
    },
    bodyLimitBytes: vars.PLENARY_BODY_LIMIT_BYTES,
    snapshots: {
      every: vars.PLENARY_SNAPSHOT_EVERY,
      keep: vars.PLENARY_SNAPSHOT_KEEP,
      directory: inDataDir(vars.PLENARY_SNAPSHOT_DIR, 'snapshots'),
    },
    rateLimits: {
      enabled: onOff(vars.PLENARY_RATE_LIMIT, production),
      windowMs: vars.PLENARY_RATE_LIMIT_WINDOW_MS,
      mutationsPerAddress: vars.PLENARY_RATE_LIMIT_MUTATIONS_PER_ADDRESS,
      mutationsPerActor: vars.PLENARY_RATE_LIMIT_MUTATIONS_PER_ACTOR,
      signInsPerAddress: vars.PLENARY_RATE_LIMIT_SIGN_INS_PER_ADDRESS,
      refusedTokensPerAddress: vars.PLENARY_RATE_LIMIT_REFUSED_TOKENS_PER_ADDRESS,
    },
  };
}

export const PLENARY_CONFIG = Symbol('PLENARY_CONFIG');
