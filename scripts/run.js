#!/usr/bin/env node
// Runs a TypeScript entry point straight from source: SWC transpiles (with decorator metadata,
// which Nest's injection needs) and tsconfig-paths resolves the @app/* aliases from tsconfig.json.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
const { paths } = require(path.join(root, 'tsconfig.json')).compilerOptions;
require('tsconfig-paths').register({ baseUrl: root, paths });
require('@swc-node/register');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run.js <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(root, entry), ...args];
require(path.resolve(root, entry));
