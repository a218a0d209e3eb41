import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/support/chromium';

/**
 * End-to-end suite: the real renderer on the web host, in Debian's Chromium, against the PBX rig
 * and the portal emulator. `npm run test:e2e` runs it inside a private network namespace
 * (sandbox/pbx/in-netns.ts); the global setup refuses to start anywhere else.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'artifacts/e2e/results',
  globalSetup: './test/e2e/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['html', { outputFolder: 'artifacts/e2e/report', open: 'never' }]],
  // Reference images of the screens (screens.spec.ts), committed; compared within a tolerance that
  // absorbs anti-aliasing, not a changed layout, colour or text.
  snapshotPathTemplate: '{testDir}/screens/{arg}{ext}',
  expect: {
    toHaveScreenshot: { maxDiffPixelRatio: 0.002, threshold: 0.2, animations: 'disabled', caret: 'hide' },
  },
  use: {
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
