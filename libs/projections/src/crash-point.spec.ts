import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a child that passes two crash points, with PLENARY_CRASH_POINT set as given. */
function runChild(crashAt: string | undefined) {
  const script = [
    "require('@swc-node/register');",
    "const { crashPoint } = require('./libs/projections/src/crash-point.ts');",
    "crashPoint('first'); process.stdout.write('past first\\n');",
    "crashPoint('second'); process.stdout.write('past second\\n');",
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.PLENARY_CRASH_POINT;
  if (crashAt !== undefined) env.PLENARY_CRASH_POINT = crashAt;
  return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('crash points', () => {
  it('kill the process with SIGKILL at the point the environment names, and only there', () => {
    const crashed = runChild('second');
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.stdout).toBe('past first\n');

    const unset = runChild(undefined);
    expect(unset.signal).toBeNull();
    expect(unset.status).toBe(0);
    expect(unset.stdout).toBe('past first\npast second\n');
  });
});
