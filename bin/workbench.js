#!/usr/bin/env node
// The `workbench` command line: runs the TypeScript sources through tsx, so it works in a fresh
// checkout right after `npm ci` (as `npx workbench …`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
