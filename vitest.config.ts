import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start servers and open databases; two cores keep up best with few forks.
    pool: 'forks',
    maxWorkers: 2,
    // Suites create hundreds of users: hash their passwords at the test-only scrypt cost (core/src/access/password.ts).
    // Only this variable enables it; the server refuses it when NODE_ENV=production.
    env: { BIAOZHU_INSECURE_TEST_PASSWORD_HASHING: 'true' },
  },
});
