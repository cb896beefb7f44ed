#!/usr/bin/env node
// `node bin/biaozhu.js ...` from the repository root: the same command as `npx biaozhu`.
import '../packages/cli/bin/biaozhu.js';
