import { z } from 'zod';
import { MINIMUM_K } from '../../../../libs/membership/src/statistics/cell-suppression';
import { REGION_MILESTONE_LIMIT } from '../../../../libs/projections/src/membership/membership-statistics.projection';

/**
 * One environment variable: how its text is checked and converted, and what the README says
 * about it. `default` is the documented default when the schema has none of its own (because it
 * depends on another variable).
 */
export interface VariableSpec<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly schema: Schema;
  readonly description: string;
  /** A valid value, shown in the README and in every refusal of a bad value. */
  readonly example: string;
  readonly default?: string;
  /** Never echoed back in an error message or a log. */
  readonly secret?: boolean;
}

function variable<Schema extends z.ZodTypeAny>(spec: VariableSpec<Schema>): VariableSpec<Schema> {
  return spec;
}

/** A whole number in a range, from its decimal text. */
function integer(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^-?\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { errorMap: () => ({ message: `must be one of ${values.join(', ')}` }) });
}

const path = z.string().trim().min(1, 'must be a file path');

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
const JWT_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
] as const;

/**
 * Every environment variable Plenary reads, in the order the README lists them. Adding one is
 * this one entry: `loadConfig` validates it, `config.env.NAME` is its typed value, and
 * `npm run config:docs` puts it in the README's table (a test fails while the table is stale).
 * An empty value counts as unset.
 */
export const CONFIG_VARIABLES = {
  NODE_ENV: variable({
    schema: z.string().optional(),
    description: '`production` disables development tokens and GraphiQL and requires a token verifier (next rows)',
    example: 'production',
  }),
  PORT: variable({
    schema: integer(0, 65535).default('3000'),
    description: 'TCP port to listen on',
    example: '3000',
  }),
  HOST: variable({
    schema: z.string().trim().min(1).optional(),
    description: 'address to listen on',
    example: '0.0.0.0',
    default: '`localhost` (`0.0.0.0` in production)',
  }),
  PLENARY_DATA_DIR: variable({
    schema: path.default('data'),
    description: 'event store, read models, key vault, ledger and the development signing key',
    example: '/var/lib/plenary',
  }),
  PLENARY_STORE: variable({
    schema: oneOf(['sqlite', 'eventstoredb']).default('sqlite'),
    description: '`sqlite` (embedded) or `eventstoredb`',
    example: 'eventstoredb',
  }),
  EVENTSTORE_CONNECTION_STRING: variable({
    schema: z
      .string()
      .trim()
      .regex(
        /^(esdb|kurrentdb|kurrent)(\+discover)?:\/\/\S+$/,
        'must be an esdb:// (or kurrentdb://) connection string',
      )
      .optional(),
    description: 'the EventStoreDB / KurrentDB server; needed with `PLENARY_STORE=eventstoredb`',
    example: 'esdb://localhost:2113?tls=false',
  }),
  PLENARY_MAX_APPEND_BYTES: variable({
    schema: integer(1024, 16 * 1024 * 1024).default('1048576'),
    description:
      "largest append (its events' data + metadata + 2 × type length, as EventStoreDB counts); match the server's MaxAppendSize",
    example: '1048576',
  }),
  PLENARY_EVENT_STORE_PATH: variable({
    schema: path.optional(),
    description: 'SQLite file of the embedded event store',
    example: '/var/lib/plenary/events.sqlite',
    default: '`events.sqlite` in the data directory',
  }),
  PLENARY_READ_MODEL_PATH: variable({
    schema: path.optional(),
    description: 'SQLite file of the read models (rebuilt from the log when deleted)',
    example: '/var/lib/plenary/read-models.sqlite',
    default: '`read-models.sqlite` in the data directory',
  }),
  PLENARY_KEY_VAULT_PATH: variable({
    schema: path.optional(),
    description:
      'per-member keys for personal data, per-vote secrecy keys and the ledger and session signing keys, kept apart from the log (back it up separately; erasure deletes keys from it)',
    example: '/var/lib/plenary-keys/keys.sqlite',
    default: '`keys.sqlite` in the data directory',
  }),
  PLENARY_KEY_VAULT: variable({
    schema: oneOf(['sqlite', 'postgres']).default('sqlite'),
    description:
      '`sqlite` (the file above) or `postgres`: the vault in the PostgreSQL database at `PLENARY_KEY_VAULT_URL`, shared by every replica',
    example: 'postgres',
  }),
  PLENARY_KEY_VAULT_URL: variable({
    schema: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// connection URL')
      .optional(),
    description: "the key vault's PostgreSQL database; needed with `PLENARY_KEY_VAULT=postgres`",
    example: 'postgres://plenary:secret@db:5432/plenary',
    secret: true,
  }),
  PLENARY_LEDGER_PATH: variable({
    schema: path.optional(),
    description: 'the Merkle tree over the log (rebuilt from the log when deleted)',
    example: '/var/lib/plenary/ledger.sqlite',
    default: '`ledger.sqlite` in the data directory',
  }),
  PLENARY_LEDGER_KEY_PATH: variable({
    schema: path.optional(),
    description:
      'the Ed25519 checkpoint key file of earlier versions: imported into the key vault on first start (the vault holds the key for every replica; publish its public half, `ledgerCheckpoint { publicKey }`)',
    example: '/var/lib/plenary-keys/ledger-signing-key.pem',
    default: '`ledger-signing-key.pem` in the data directory',
  }),
  PLENARY_SNAPSHOT_EVERY: variable({
    schema: integer(0, 1_000_000_000).default('1000'),
    description:
      'log positions between snapshots of the read models, from which `asOf` views start (replaying at most this many events); `0` takes none',
    example: '5000',
  }),
  PLENARY_SNAPSHOT_KEEP: variable({
    schema: integer(1, 1_000_000).default('16'),
    description:
      'most read-model snapshots kept (each a full copy of the read models); beyond it they are thinned to stay evenly spread, so replays grow to about twice the log length divided by this',
    example: '64',
  }),
  PLENARY_SNAPSHOT_DIR: variable({
    schema: path.optional(),
    description:
      'folder of the read-model snapshots, shared by the processes on one data directory; on the same file system as the data directory, so views can hard-link them',
    example: '/var/lib/plenary/snapshots',
    default: '`snapshots` in the data directory',
  }),
  PLENARY_JWKS_URL: variable({
    schema: z.string().trim().url('must be an http(s) URL').optional(),
    description: 'verify bearer tokens against this JWKS endpoint',
    example: 'https://id.example.org/.well-known/jwks.json',
  }),
  PLENARY_JWT_PUBLIC_KEY: variable({
    schema: z
      .string()
      .transform((pem) => pem.replace(/\\n/g, '\n'))
      .pipe(z.string().regex(/-----BEGIN PUBLIC KEY-----/, 'must be a PEM (SPKI) public key'))
      .optional(),
    description: 'or verify them against this PEM (SPKI) public key (`\\n` for line breaks)',
    example: '-----BEGIN PUBLIC KEY-----\\nMFkw…\\n-----END PUBLIC KEY-----',
  }),
  PLENARY_JWT_ALGORITHM: variable({
    schema: oneOf(JWT_ALGORITHMS).default('ES256'),
    description: "the public key's signature algorithm",
    example: 'EdDSA',
  }),
  PLENARY_JWT_ISSUER: variable({
    schema: z.string().trim().min(1).default('plenary'),
    description: 'required `iss` of every token',
    example: 'https://id.example.org',
  }),
  PLENARY_JWT_AUDIENCE: variable({
    schema: z.string().trim().min(1).default('plenary'),
    description: 'required `aud` of every token',
    example: 'plenary',
  }),
  PLENARY_AUTH: variable({
    schema: oneOf(['embedded']).optional(),
    description: '`embedded` in production without an identity provider: accept only the tokens `signIn` issues',
    example: 'embedded',
  }),
  PLENARY_SESSION_KEY_PATH: variable({
    schema: path.optional(),
    description:
      'the sign-in session key file of earlier versions (signs access tokens, derives refresh tokens): imported into the key vault on first start, which holds it for every replica',
    example: '/var/lib/plenary-keys/session-signing-key.json',
    default: '`session-signing-key.json` in the data directory',
  }),
  PLENARY_ACCESS_TOKEN_TTL_SECONDS: variable({
    schema: integer(10, 24 * 3600).default('900'),
    description: 'lifetime of a sign-in access token',
    example: '600',
  }),
  PLENARY_REFRESH_TOKEN_TTL_SECONDS: variable({
    schema: integer(60, 365 * 24 * 3600).default('2592000'),
    description: 'lifetime of a refresh token (each refresh starts it again)',
    example: '604800',
  }),
  PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: variable({
    schema: integer(0, 60_000).default('5000'),
    description: 'longest wait for `waitForPosition`',
    example: '2000',
  }),
  PLENARY_STATS_MIN_CELL: variable({
    // Below 3 a PRIMARY cell would say its exact count; above the projection's milestones a
    // region could never be listed by name.
    schema: integer(MINIMUM_K, REGION_MILESTONE_LIMIT).default('5'),
    description:
      'the minimum cell size k of `membershipStatistics`: counts from 1 to k − 1 are withheld, with every count that would let them be subtracted back',
    example: '10',
  }),
  PLENARY_STATS_MAX_CELLS: variable({
    schema: integer(1, Number.MAX_SAFE_INTEGER).default('200000'),
    description:
      'most cells (periods × the chapters and branches suppression is solved over) one `membershipStatistics` request may ask for (`TOO_MANY_CELLS`): each instant is solved over the whole organization, so this bounds the work an anonymous request can cause',
    example: '50000',
  }),
  PLENARY_READY_MAX_LAG: variable({
    schema: integer(0, Number.MAX_SAFE_INTEGER).default('1000'),
    description:
      'log positions a read model may trail the head of the log while `/health/ready` still answers ready (on EventStoreDB positions are commit positions, not event counts)',
    example: '10000',
  }),
  PLENARY_PROJECTION_RETRY_MAX_MS: variable({
    schema: integer(10, 600_000).default('30000'),
    description:
      'longest pause between retries of a read model or the ledger after a store error (backoff doubles from 100 ms)',
    example: '5000',
  }),
  PLENARY_READ_MODEL_BUSY_TIMEOUT_MS: variable({
    schema: integer(0, 60_000).default('5000'),
    description:
      'how long a read-model or ledger write waits for a lock held by another connection before it fails and is retried',
    example: '1000',
  }),
  PLENARY_SHUTDOWN_TIMEOUT_MS: variable({
    schema: integer(0, 600_000).default('10000'),
    description: 'on SIGTERM, how long in-flight requests may take before connections are cut',
    example: '30000',
  }),
  PLENARY_LOG_LEVEL: variable({
    schema: oneOf(LOG_LEVELS).default('info'),
    description: 'JSON logs on standard output at this level or above',
    example: 'debug',
  }),
  PLENARY_GRAPHIQL: variable({
    schema: oneOf(['on', 'off']).optional(),
    description: '`off` hides GraphiQL; it is never served in production',
    example: 'off',
    default: 'on in development',
  }),
  PLENARY_GRAPHQL_INTROSPECTION: variable({
    schema: oneOf(['on', 'off']).optional(),
    description: '`__schema` / `__type` (GraphiQL needs them; the schema is published as `schema.graphql`)',
    example: 'off',
    default: 'on in development, off in production',
  }),
  PLENARY_GRAPHQL_SUGGESTIONS: variable({
    schema: oneOf(['on', 'off']).optional(),
    description: '"Did you mean …" hints in error messages',
    example: 'off',
    default: 'on in development, off in production',
  }),
  PLENARY_GRAPHQL_MAX_SUBSCRIPTIONS: variable({
    schema: integer(1, 10_000).default('20'),
    description: 'live subscriptions one WebSocket connection may hold at once (`TOO_MANY_SUBSCRIPTIONS`)',
    example: '5',
  }),
  PLENARY_GRAPHQL_MAX_DEPTH: variable({
    schema: integer(1, 1000).default('15'),
    description: 'deepest nesting of fields in one operation (`QUERY_TOO_DEEP`)',
    example: '12',
  }),
  PLENARY_GRAPHQL_MAX_ALIASES: variable({
    schema: integer(0, 100_000).default('30'),
    description: 'aliases per operation (`TOO_MANY_ALIASES`)',
    example: '20',
  }),
  PLENARY_GRAPHQL_MAX_DIRECTIVES: variable({
    schema: integer(0, 100_000).default('20'),
    description: 'directives per operation (`TOO_MANY_DIRECTIVES`)',
    example: '10',
  }),
  PLENARY_GRAPHQL_MAX_COST: variable({
    schema: integer(1, Number.MAX_SAFE_INTEGER).default('50000'),
    description: 'most a request may cost (`QUERY_TOO_COSTLY`; see "Bounded requests")',
    example: '20000',
  }),
  PLENARY_GRAPHQL_AS_OF_COST: variable({
    schema: integer(0, Number.MAX_SAFE_INTEGER).default('10000'),
    description: 'the cost of each distinct past moment a request asks `asOf`',
    example: '5000',
  }),
  PLENARY_BODY_LIMIT_BYTES: variable({
    schema: integer(1024, 64 * 1024 * 1024).default('262144'),
    description: 'largest request body (413 `BODY_TOO_LARGE`)',
    example: '131072',
  }),
  PLENARY_RATE_LIMIT: variable({
    schema: oneOf(['on', 'off']).optional(),
    description: 'rate limits on mutations and sign-in (429 `RATE_LIMITED` with `Retry-After`)',
    example: 'on',
    default: 'on in production, off in development',
  }),
  PLENARY_RATE_LIMIT_WINDOW_MS: variable({
    schema: integer(1000, 24 * 3600_000).default('60000'),
    description: 'the window the next four count in',
    example: '60000',
  }),
  PLENARY_RATE_LIMIT_MUTATIONS_PER_ADDRESS: variable({
    schema: integer(1, 1_000_000).default('600'),
    description: 'mutations per client address (the socket address: no proxy header is trusted)',
    example: '300',
  }),
  PLENARY_RATE_LIMIT_MUTATIONS_PER_ACTOR: variable({
    schema: integer(1, 1_000_000).default('120'),
    description: 'mutations per verified member or operator',
    example: '60',
  }),
  PLENARY_RATE_LIMIT_SIGN_INS_PER_ADDRESS: variable({
    schema: integer(1, 1_000_000).default('10'),
    description: '`signIn` and `refreshSession` per client address',
    example: '5',
  }),
  PLENARY_RATE_LIMIT_REFUSED_TOKENS_PER_ADDRESS: variable({
    schema: integer(1, 1_000_000).default('60'),
    description: 'requests (queries too) with a bearer token the server refuses, per client address',
    example: '30',
  }),
} satisfies Record<string, VariableSpec>;

export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;

/** The typed value of every variable once checked (defaults applied). */
export type ConfigEnvironment = {
  readonly [Name in ConfigVariableName]: z.output<(typeof CONFIG_VARIABLES)[Name]['schema']>;
};

/** The README's configuration table, generated from the variables above. */
export function renderConfigTable(): string {
  const rows = Object.entries(CONFIG_VARIABLES).map(([name, spec]: [string, VariableSpec]) => {
    const fallback = spec.default ?? schemaDefault(spec.schema);
    return [`\`${name}\``, fallback, spec.description, `\`${spec.example}\``];
  });
  const header = ['variable', 'default', 'meaning', 'example'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function schemaDefault(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodDefault) return `\`${String(schema._def.defaultValue())}\``;
  return '';
}
