#!/usr/bin/env node
// Entry point of the `biaozhu` command (linked into node_modules/.bin by npm, so `npx biaozhu` works from the
// repository root). The sources are TypeScript run through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
