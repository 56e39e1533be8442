import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/**
 * The real API in a process of its own (`cli serve`, as an operator starts it) on a given data
 * directory, for tests where the process is the point: killed at a crash point, restarted.
 */
export class ApiProcess {
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['scripts/run-ts.js', 'apps/cli/src/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '--experimental-vm-modules',
        PLENARY_DATA_DIR: dataDir,
        PLENARY_LOG_LEVEL: 'error',
        PORT: String(port),
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const api = new ApiProcess(child, `http://127.0.0.1:${port}/graphql`);
    for (let attempt = 0; ; attempt += 1) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the API exited while starting: ${stderr}`);
      }
      try {
        await api.gql('{ readModelPosition }');
        return api;
      } catch {
        if (attempt > 600) throw new Error(`the API did not start: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Posts a GraphQL operation; a dropped connection (the process died) rejects. */
  async gql(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as never;
  }

  /** Resolves when the process has ended, with how it ended. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
