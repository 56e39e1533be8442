import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/**
 * No Docker engine runs on the development or CI machines: the image and compose files are
 * checked for their structure here, not built or started.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  profiles?: string[];
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

describe('deployment files', () => {
  it('the image builds in stages and runs as a non-root user with a readiness healthcheck', () => {
    const dockerfile = read('deploy/Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = stages[stages.length - 1];
    expect(final).toMatch(/^COPY --from=build /m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).not.toMatch(/^USER root$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    expect(final).toMatch(/^VOLUME \/var\/lib\/plenary$/m);
    expect(final).toMatch(/^ENV NODE_ENV=production PLENARY_DATA_DIR=\/var\/lib\/plenary/m);
    expect(final).toMatch(/^CMD \["node", "dist\/apps\/cli\/src\/main\.js", "serve"\]$/m);
  });

  it('the build context leaves out development data, keys and local builds', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    for (const entry of ['.git', 'node_modules', 'dist', 'data', '**/*.sqlite', '**/*.pem', '**/dev-signing-key.json'])
      expect(ignored).toContain(entry);
  });

  it('compose: profiles, named volumes only, healthchecks, and the API on the store once it is healthy', () => {
    const compose = load(read('docker-compose.yml')) as {
      services: Record<string, ComposeService>;
      volumes: Record<string, unknown>;
    };
    const declared = Object.keys(compose.volumes);
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, profiles: service.profiles }).toEqual({ name, profiles: expect.arrayContaining(['eventstore']) });
      expect({ name, healthcheck: service.healthcheck !== undefined }).toEqual({ name, healthcheck: true });
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        expect({ name, volume, named: declared.includes(source) }).toEqual({ name, volume, named: true });
      }
    }
    const api = compose.services.plenary;
    expect(api.build).toEqual({ context: '.', dockerfile: 'deploy/Dockerfile' });
    expect(api.volumes).toContain('plenary-data:/var/lib/plenary');
    expect(JSON.stringify(api.healthcheck?.test)).toContain('/health/ready');
    expect(api.depends_on).toEqual({ eventstore: { condition: 'service_healthy' } });
    expect(api.environment).toMatchObject({ PLENARY_STORE: 'eventstoredb', PLENARY_GRAPHIQL: 'off' });
    expect(api.environment?.EVENTSTORE_CONNECTION_STRING).toMatch(/^esdb:\/\/eventstore:2113/);
  });
});
