#!/usr/bin/env node
// The package's `plenary` command: the TypeScript sources through SWC in a checkout (as
// `npm run cli` does), the compiled CLI where only dist/ is installed (the image).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
const source = join(root, 'apps/cli/src/main.ts');
if (existsSync(source) && existsSync(join(root, 'node_modules/@swc-node/register'))) {
  process.argv.splice(2, 0, source);
  require('./run-ts.js');
} else {
  require(join(root, 'dist/apps/cli/src/main.js'));
}
