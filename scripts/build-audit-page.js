#!/usr/bin/env node
// Bundles the members' audit page (web/audit) into dist/audit-page: index.html, app.js, app.css.
// Run by `npm run build`, `npm start` (prestart) and the Jest global setup, so every way of
// running the API serves a page built from the sources it was started with.
const { buildSync } = require('esbuild');
const { mkdirSync, writeFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'audit-page');

function buildAuditPage() {
  mkdirSync(out, { recursive: true });
  buildSync({
    entryPoints: { app: join(root, 'web/audit/src/main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome120', 'firefox120'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: out,
    logLevel: 'warning',
  });
  buildSync({ entryPoints: { app: join(root, 'web/audit/src/style.css') }, bundle: true, minify: true, outdir: out });
  writeFileSync(
    join(out, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Plenary audit</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/audit/app.css" />
    <script type="module" src="/audit/app.js"></script>
  </head>
  <body>
    <div id="app"><noscript>This page needs JavaScript.</noscript></div>
  </body>
</html>
`,
  );
  return { js: statSync(join(out, 'app.js')).size, css: statSync(join(out, 'app.css')).size };
}

module.exports = { buildAuditPage };

if (require.main === module) {
  const sizes = buildAuditPage();
  console.log(`audit page built: app.js ${sizes.js} bytes, app.css ${sizes.css} bytes (dist/audit-page)`);
}
