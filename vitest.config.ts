import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start servers and open databases; two cores keep up best with few forks.
    pool: 'forks',
    maxWorkers: 2,
  },
});
