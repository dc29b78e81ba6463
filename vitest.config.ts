import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/hq/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // A UI state polled for is waited for on a loaded machine too (expect.poll's default is one second).
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        // Load tests (a thousand settlements under contention): minutes, not seconds, so kept out of the unit project.
        test: {
          name: 'load',
          environment: 'node',
          include: ['tests/load/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 600_000,
        },
      },
      {
        // Tests of the built output in out/ (npm run build first; npm test builds before it runs vitest).
        test: {
          name: 'built',
          environment: 'node',
          include: ['tests/built/**/*.test.ts'],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.tsx'],
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
    ],
  },
});
