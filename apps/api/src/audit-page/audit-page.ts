import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The members' audit page: static files bundled by scripts/build-audit-page.js, served in
 * every mode. The page loads nothing but its own files and talks only to this API, so its
 * Content-Security-Policy allows exactly that.
 */
export const AUDIT_PAGE_PATH = '/audit';

export const AUDIT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** dist/audit-page next to the compiled service (dist/apps/api/src/…) or in the repository (apps/api/src/…). */
function pageDirectory(): string | null {
  const candidates = [join(__dirname, '../../../../audit-page'), join(__dirname, '../../../../dist/audit-page')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export function registerAuditPage(app: FastifyInstance): void {
  const directory = pageDirectory();
  const cache = new Map<string, Buffer>();
  const send = (name: string) => async (_request: unknown, reply: FastifyReply) => {
    reply.header('content-security-policy', AUDIT_PAGE_CSP).header('x-content-type-options', 'nosniff');
    if (directory === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The audit page is not built: run `npm run build:audit` (npm start and npm run build do it)');
    }
    let body = cache.get(name);
    if (body === undefined) {
      body = readFileSync(join(directory, name));
      cache.set(name, body);
    }
    return reply.type(FILES[name]).header('cache-control', 'no-cache').send(body);
  };
  app.get(AUDIT_PAGE_PATH, send('index.html'));
  app.get(`${AUDIT_PAGE_PATH}/`, send('index.html'));
  app.get(`${AUDIT_PAGE_PATH}/app.js`, send('app.js'));
  app.get(`${AUDIT_PAGE_PATH}/app.css`, send('app.css'));
}
