import { defineConfig } from 'vitest/config';

/** Every test of the project; heavy database files run in two forked workers (the machines have two cores). */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Embedded PostgreSQL starts in 2–3 s on an empty folder and e2e tests start servers: generous limits.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
