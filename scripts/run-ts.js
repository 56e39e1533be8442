#!/usr/bin/env node
// Runs a TypeScript entry point directly: SWC compiles on load (decorator metadata included,
// from tsconfig.json), so `npm start` needs no separate build step.
process.env.SWC_NODE_PROJECT =
  process.env.SWC_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.js <entry.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...args];
require(require('node:path').resolve(entry));
