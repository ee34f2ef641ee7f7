#!/usr/bin/env node
// The `tracewright` command: runs the built CLI (dist/cjs/cli/main.js).
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('../dist/cjs/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
