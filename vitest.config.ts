import { defineConfig } from 'vitest/config';
import path from 'node:path';

/**
 * Unit and integration tests: `test/**` mirrors the source tree (test/common/... tests common/...).
 * End-to-end specs live in test/e2e and run under Playwright inside the PBX rig's network namespace.
 */
export default defineConfig({
  resolve: {
    // Electron's binary cannot run here: the shell and the preload get the one fake of its API.
    alias: [{ find: /^electron$/, replacement: path.resolve(import.meta.dirname, 'test/mocks/electron.ts') }],
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores on CI: integration suites start real servers; keep them from starving each other.
    maxWorkers: 2,
  },
});
