#!/usr/bin/env node
// The container image's entry point: runs the compiled API, worker or command line from dist/
// (scripts/build-dist.sh), resolving the @app/* aliases of tsconfig.json to the compiled libraries.
//   node scripts/start.js api | worker | cli <command> [args...]
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const { paths } = require(path.join(root, 'tsconfig.json')).compilerOptions;
// './libs/rules/src/index.ts' becomes './libs/rules/src/index', found as index.js under dist/.
const compiled = Object.fromEntries(Object.entries(paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, ''))]));
require('tsconfig-paths').register({ baseUrl: dist, paths: compiled });

const ENTRIES = {
  api: 'apps/ingest-api/src/main.js',
  worker: 'apps/worker/src/main.js',
  cli: 'apps/ingest-api/src/cli/main.js',
};
const [which, ...args] = process.argv.slice(2);
if (!ENTRIES[which]) {
  console.error(`usage: node scripts/start.js ${Object.keys(ENTRIES).join(' | ')} [args...]`);
  process.exit(64);
}
const entry = path.join(dist, ENTRIES[which]);
process.argv = [process.argv[0], entry, ...args];
require(entry);
