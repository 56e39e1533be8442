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
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PLENARY_STORE: 'postgres' }, /PLENARY_STORE must be one of sqlite, eventstoredb/],
    [{ PLENARY_STORE: 'eventstoredb' }, /needs EVENTSTORE_CONNECTION_STRING/],
    [{ NODE_ENV: 'production' }, /PLENARY_JWKS_URL or PLENARY_JWT_PUBLIC_KEY/],
    [{ PLENARY_MAX_APPEND_BYTES: '1MiB' }, /PLENARY_MAX_APPEND_BYTES must be an integer from 1024/],
    [{ PLENARY_KEY_VAULT: 'vault' }, /PLENARY_KEY_VAULT must be one of sqlite, postgres/],
    [{ PLENARY_KEY_VAULT: 'postgres' }, /needs PLENARY_KEY_VAULT_URL/],
  ])('refuses %j with a message that says what to set', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
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
