#!/usr/bin/env node
// `npm start`: the API on the embedded store, in development mode unless NODE_ENV says otherwise.
process.argv.splice(2, 0, require('node:path').join(__dirname, '..', 'apps/cli/src/main.ts'), 'serve');
require('./run-ts.js');
