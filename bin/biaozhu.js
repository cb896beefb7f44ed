#!/usr/bin/env node
// Entry point of the `biaozhu` command. The sources are TypeScript run through tsx, so a fresh clone
// needs no build step before the CLI works.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../packages/cli/src/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
