import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium with the flags that work on the rig (docs/ARCHITECTURE.md#rig-pitfalls, 7).
 * Playwright's own browser download cannot work on our machines, so the executable is always
 * /usr/bin/chromium.
 * `fakeAudioWav` feeds a file to the fake microphone (the recording tests need a known signal).
 */
export function chromiumLaunchOptions(fakeAudioWav?: string): LaunchOptions {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (fakeAudioWav) args.push(`--use-file-for-fake-audio-capture=${fakeAudioWav}`);
  return { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args };
}
