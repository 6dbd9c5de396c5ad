import { defineConfig } from 'vitest/config';

/**
 * Under CI (.ci/run sets CI=true) a JSON report is written beside the usual output, so the CI script
 * can print one summary line counting unit, integration and end-to-end tests together.
 */
const ci = Boolean(process.env.CI);

export default defineConfig({
  test: {
    reporters: ci ? ['default', ['json', { outputFile: 'test-output/vitest-report.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/lint/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
