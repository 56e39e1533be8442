import { isAbsolute, join, resolve } from 'node:path';

/** How bearer tokens are checked: a local development key, a PEM public key, or a JWKS endpoint. */
export type AuthConfig =
  | { readonly mode: 'development'; readonly keyFile: string }
  | { readonly mode: 'public-key'; readonly publicKeyPem: string; readonly algorithm: string }
  | { readonly mode: 'jwks'; readonly jwksUrl: string }
  /** Production without an identity provider: only the tokens `signIn` issues are accepted. */
  | { readonly mode: 'embedded' };

export interface PlenaryConfig {
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
  /** Ed25519 private key (PKCS#8 PEM) that signs ledger checkpoints; made on first start when missing. */
  readonly ledgerKeyPath: string;
  readonly auth: AuthConfig;
  /** ES256 key pair that signs the access tokens of `signIn` sessions; made on first start when missing. */
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
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Bounds on what one GraphQL request may ask for, and whether the schema may be introspected. */
  readonly graphql: {
    readonly maxDepth: number;
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

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`${name} must be on or off, not "${raw}"`);
  return raw === 'on';
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, not "${raw}"`);
  }
  return raw as T;
}

/** Reads the configuration from environment variables (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): PlenaryConfig {
  const production = env.NODE_ENV === 'production';
  const dataDirRaw = env.PLENARY_DATA_DIR ?? 'data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  const storeKind = oneOf(env, 'PLENARY_STORE', ['sqlite', 'eventstoredb'] as const, 'sqlite');
  let store: PlenaryConfig['store'];
  if (storeKind === 'eventstoredb') {
    const connectionString = env.EVENTSTORE_CONNECTION_STRING;
    if (connectionString === undefined || connectionString === '') {
      throw new ConfigError(
        'PLENARY_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)',
      );
    }
    store = { kind: 'eventstoredb', connectionString };
  } else {
    store = { kind: 'sqlite', path: env.PLENARY_EVENT_STORE_PATH ?? join(dataDir, 'events.sqlite') };
  }

  const keyVaultKind = oneOf(env, 'PLENARY_KEY_VAULT', ['sqlite', 'postgres'] as const, 'sqlite');
  let keyVault: PlenaryConfig['keyVault'] = { kind: 'sqlite' };
  if (keyVaultKind === 'postgres') {
    const url = env.PLENARY_KEY_VAULT_URL;
    if (url === undefined || url === '') {
      throw new ConfigError(
        'PLENARY_KEY_VAULT=postgres needs PLENARY_KEY_VAULT_URL (e.g. postgres://plenary:…@db:5432/plenary)',
      );
    }
    keyVault = { kind: 'postgres', url };
  }

  let auth: AuthConfig;
  if (env.PLENARY_JWKS_URL) {
    auth = { mode: 'jwks', jwksUrl: env.PLENARY_JWKS_URL };
  } else if (env.PLENARY_JWT_PUBLIC_KEY) {
    auth = {
      mode: 'public-key',
      publicKeyPem: env.PLENARY_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'),
      algorithm: env.PLENARY_JWT_ALGORITHM ?? 'ES256',
    };
  } else if (production && env.PLENARY_AUTH === 'embedded') {
    auth = { mode: 'embedded' };
  } else if (production) {
    throw new ConfigError(
      'In production set PLENARY_JWKS_URL or PLENARY_JWT_PUBLIC_KEY to verify bearer tokens, or PLENARY_AUTH=embedded to accept only the tokens signIn issues',
    );
  } else {
    auth = { mode: 'development', keyFile: join(dataDir, 'dev-signing-key.json') };
  }

  return {
    production,
    host: env.HOST ?? (production ? '0.0.0.0' : 'localhost'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    store,
    maxAppendBytes: integer(env, 'PLENARY_MAX_APPEND_BYTES', 1_048_576, 1024, 16 * 1024 * 1024),
    readModelPath: env.PLENARY_READ_MODEL_PATH ?? join(dataDir, 'read-models.sqlite'),
    keyVaultPath: env.PLENARY_KEY_VAULT_PATH ?? join(dataDir, 'keys.sqlite'),
    keyVault,
    ledgerPath: env.PLENARY_LEDGER_PATH ?? join(dataDir, 'ledger.sqlite'),
    ledgerKeyPath: env.PLENARY_LEDGER_KEY_PATH ?? join(dataDir, 'ledger-signing-key.pem'),
    auth,
    sessionKeyPath: env.PLENARY_SESSION_KEY_PATH ?? join(dataDir, 'session-signing-key.json'),
    accessTokenTtlSeconds: integer(env, 'PLENARY_ACCESS_TOKEN_TTL_SECONDS', 900, 10, 24 * 3600),
    refreshTokenTtlSeconds: integer(env, 'PLENARY_REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    tokenIssuer: env.PLENARY_JWT_ISSUER ?? 'plenary',
    tokenAudience: env.PLENARY_JWT_AUDIENCE ?? 'plenary',
    graphiql: !production && env.PLENARY_GRAPHIQL !== 'off',
    readYourWritesTimeoutMs: integer(env, 'PLENARY_READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    logLevel: oneOf(env, 'PLENARY_LOG_LEVEL', ['silent', 'error', 'warn', 'info', 'debug'] as const, 'info'),
    graphql: {
      maxDepth: integer(env, 'PLENARY_GRAPHQL_MAX_DEPTH', 15, 1, 1000),
      maxCost: integer(env, 'PLENARY_GRAPHQL_MAX_COST', 50_000, 1, Number.MAX_SAFE_INTEGER),
      maxAliases: integer(env, 'PLENARY_GRAPHQL_MAX_ALIASES', 30, 0, 100_000),
      maxDirectives: integer(env, 'PLENARY_GRAPHQL_MAX_DIRECTIVES', 20, 0, 100_000),
      asOfCost: integer(env, 'PLENARY_GRAPHQL_AS_OF_COST', 10_000, 0, Number.MAX_SAFE_INTEGER),
      introspection: onOff(env, 'PLENARY_GRAPHQL_INTROSPECTION', !production),
      suggestions: onOff(env, 'PLENARY_GRAPHQL_SUGGESTIONS', !production),
    },
    bodyLimitBytes: integer(env, 'PLENARY_BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    rateLimits: {
      enabled: onOff(env, 'PLENARY_RATE_LIMIT', production),
      windowMs: integer(env, 'PLENARY_RATE_LIMIT_WINDOW_MS', 60_000, 1000, 24 * 3600_000),
      mutationsPerAddress: integer(env, 'PLENARY_RATE_LIMIT_MUTATIONS_PER_ADDRESS', 600, 1, 1_000_000),
      mutationsPerActor: integer(env, 'PLENARY_RATE_LIMIT_MUTATIONS_PER_ACTOR', 120, 1, 1_000_000),
      signInsPerAddress: integer(env, 'PLENARY_RATE_LIMIT_SIGN_INS_PER_ADDRESS', 10, 1, 1_000_000),
      refusedTokensPerAddress: integer(env, 'PLENARY_RATE_LIMIT_REFUSED_TOKENS_PER_ADDRESS', 60, 1, 1_000_000),
    },
  };
}

export const PLENARY_CONFIG = Symbol('PLENARY_CONFIG');
