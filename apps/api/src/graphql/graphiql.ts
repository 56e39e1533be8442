import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * GraphiQL for development, served entirely from installed packages: these machines have no
 * internet, so the usual CDN page would be blank.
 */
const ASSETS: Record<string, { readonly module: string; readonly file: string; readonly type: string }> = {
  'react.js': { module: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { module: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { module: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { module: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

function assetPath(module: string, file: string): string | null {
  try {
    return join(dirname(require.resolve(`${module}/package.json`)), file);
  } catch {
    return null;
  }
}

export function graphiqlAvailable(): boolean {
  return Object.values(ASSETS).every((asset) => {
    const path = assetPath(asset.module, asset.file);
    return path !== null && existsSync(path);
  });
}

// One unnamed operation: GraphiQL keeps a selected operation name after the text is edited,
// and a stale name stops the run button from doing anything.
const DEFAULT_QUERY = `# Plenary GraphQL API. To act as a member, enrol first:
#
#   mutation {
#     enrollMember(input: { pseudonym: "Ada Lovelace", region: "London" }) {
#       memberId token receipt { position }
#     }
#   }
#
# then put the returned token in Headers: { "Authorization": "Bearer <token>" }
{
  chapters(first: 20) { totalCount nodes { name kind region memberCount } }
}
`;

const PAGE = (endpoint: string, base: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Plenary GraphiQL</title>
    <link rel="stylesheet" href="${base}/assets/graphiql.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${base}/assets/react.js"></script>
    <script src="${base}/assets/react-dom.js"></script>
    <script src="${base}/assets/graphiql.js"></script>
    <script>
      const fetcher = GraphiQL.createFetcher({ url: new URL(${JSON.stringify(endpoint)}, location.href).toString() });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, {
          fetcher,
          defaultEditorToolsVisibility: true,
          defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        }),
      );
    </script>
  </body>
</html>
`;

/** Serves the page at `base` and its scripts under `base/assets/`; GET of the endpoint from a browser redirects here. */
export function registerGraphiQL(app: FastifyInstance, endpoint: string, base = '/graphiql'): void {
  const cache = new Map<string, Buffer>();
  app.get(base, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE(endpoint, base)));
  app.get<{ Params: { name: string } }>(`${base}/assets/:name`, async (request, reply) => {
    const asset = ASSETS[request.params.name];
    const path = asset === undefined ? null : assetPath(asset.module, asset.file);
    if (asset === undefined || path === null) return reply.code(404).send({ error: 'no such asset' });
    let body = cache.get(path);
    if (body === undefined) {
      body = readFileSync(path);
      cache.set(path, body);
    }
    return reply.type(`${asset.type}; charset=utf-8`).header('cache-control', 'public, max-age=3600').send(body);
  });
  app.addHook('onRequest', async (request, reply) => {
    const [path, query] = request.url.split('?');
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (request.method === 'GET' && path === endpoint && wantsHtml && (query === undefined || query === '')) {
      await reply.redirect(base, 302);
    }
  });
}
