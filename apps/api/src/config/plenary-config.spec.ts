import { ConfigError, loadConfig } from './plenary-config';

describe('configuration', () => {
  it('defaults to the embedded store in ./data with development tokens and GraphiQL', () => {
    const config = loadConfig({}, '/srv/plenary');
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      dataDir: '/srv/plenary/data',
      store: { kind: 'sqlite', path: '/srv/plenary/data/events.sqlite' },
      readModelPath: '/srv/plenary/data/read-models.sqlite',
      auth: { mode: 'development' },
      graphiql: true,
      maxAppendBytes: 1_048_576,
    });
    expect(loadConfig({ PLENARY_MAX_APPEND_BYTES: '524288' }).maxAppendBytes).toBe(524_288);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty": must be a whole number from 0 to 65535 (e.g. PORT=3000)'],
    [{ PORT: '70000' }, 'PORT="70000": must be a whole number from 0 to 65535 (e.g. PORT=3000)'],
    [
      { PLENARY_STORE: 'postgres' },
      'PLENARY_STORE="postgres": must be one of sqlite, eventstoredb (e.g. PLENARY_STORE=eventstoredb)',
    ],
    [
      { PLENARY_STORE: 'eventstoredb' },
      'EVENTSTORE_CONNECTION_STRING unset: PLENARY_STORE=eventstoredb needs it (e.g. EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false)',
    ],
    [
      { PLENARY_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'localhost:2113' },
      'EVENTSTORE_CONNECTION_STRING="localhost:2113": must be an esdb:// (or kurrentdb://) connection string',
    ],
    [{ NODE_ENV: 'production' }, 'in production set PLENARY_JWKS_URL or PLENARY_JWT_PUBLIC_KEY'],
    [{ PLENARY_JWKS_URL: 'id.example.org/jwks' }, 'PLENARY_JWKS_URL="id.example.org/jwks": must be an http(s) URL'],
    [{ PLENARY_JWT_PUBLIC_KEY: 'abc' }, 'PLENARY_JWT_PUBLIC_KEY="abc": must be a PEM (SPKI) public key'],
    [{ PLENARY_LOG_LEVEL: 'verbose' }, 'PLENARY_LOG_LEVEL="verbose": must be one of silent, error, warn, info, debug'],
    [{ PLENARY_READY_MAX_LAG: '-1' }, 'PLENARY_READY_MAX_LAG="-1": must be a whole number'],
    [
      { PLENARY_MAX_APPEND_BYTES: '1MiB' },
      'PLENARY_MAX_APPEND_BYTES="1MiB": must be a whole number from 1024 to 16777216',
    ],
    [{ PLENARY_KEY_VAULT: 'vault' }, 'PLENARY_KEY_VAULT="vault": must be one of sqlite, postgres'],
    [{ PLENARY_KEY_VAULT: 'postgres' }, 'PLENARY_KEY_VAULT_URL unset: PLENARY_KEY_VAULT=postgres needs it'],
    [{ PLENARY_RATE_LIMIT: 'yes' }, 'PLENARY_RATE_LIMIT="yes": must be one of on, off'],
    [{ PLENARY_STATS_MIN_CELL: '2' }, 'PLENARY_STATS_MIN_CELL="2": must be a whole number from 3 to 100'],
  ])('refuses %j with a message that says what to set', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every bad variable at once', () => {
    const refusal = (() => {
      try {
        loadConfig({ PORT: 'x', PLENARY_GRAPHIQL: 'maybe' });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('accepted a bad configuration');
    })();
    expect(refusal.problems).toEqual([
      'PORT="x": must be a whole number from 0 to 65535 (e.g. PORT=3000)',
      'PLENARY_GRAPHIQL="maybe": must be one of on, off (e.g. PLENARY_GRAPHIQL=off)',
    ]);
  });

  it('treats an empty value as unset and gives every variable its typed value', () => {
    const config = loadConfig({ PORT: '', PLENARY_READY_MAX_LAG: '25', PLENARY_JWT_ISSUER: 'https://id.example.org' });
    expect(config.port).toBe(3000);
    expect(config.readyMaxLag).toBe(25n);
    expect(config.env.PLENARY_READY_MAX_LAG).toBe(25);
    expect(config.tokenIssuer).toBe('https://id.example.org');
    expect(config.statisticsMinimumCellSize).toBe(5);
    expect(loadConfig({ PLENARY_STATS_MIN_CELL: '10' }).statisticsMinimumCellSize).toBe(10);
  });

  it('selects EventStoreDB with its connection string and never serves GraphiQL in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PLENARY_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false',
      PLENARY_JWKS_URL: 'https://id.example.org/.well-known/jwks.json',
    });
    expect(config.store).toEqual({ kind: 'eventstoredb', connectionString: 'esdb://db:2113?tls=false' });
    expect(config.graphiql).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('keeps the key vault in a SQLite file by default, or in the PostgreSQL database named by its URL', () => {
    expect(loadConfig({}, '/srv/plenary')).toMatchObject({
      keyVault: { kind: 'sqlite' },
      keyVaultPath: '/srv/plenary/data/keys.sqlite',
    });
    const url = 'postgres://plenary:secret@db:5432/plenary';
    expect(loadConfig({ PLENARY_KEY_VAULT: 'postgres', PLENARY_KEY_VAULT_URL: url }).keyVault).toEqual({
      kind: 'postgres',
      url,
    });
  });
});
