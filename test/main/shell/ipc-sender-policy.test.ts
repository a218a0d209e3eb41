import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../main/shell/ipc-sender-policy';

describe('IPC sender check', () => {
  const ours = { frameUrl: 'app://b24phone/index.html#/settings', isMainFrame: true, isOurWindow: true };

  it('trusts the main frame of our window showing our origin', () => {
    expect(isTrustedSender(ours)).toBe(true);
  });

  it.each([
    ['a sub-frame', { ...ours, isMainFrame: false }],
    ['another webContents', { ...ours, isOurWindow: false }],
    ['a destroyed frame', { ...ours, frameUrl: null }],
    ['a remote page', { ...ours, frameUrl: 'https://evil.example/' }],
    ['a file page', { ...ours, frameUrl: 'file:///tmp/index.html' }],
    ['another app:// host', { ...ours, frameUrl: 'app://evil/index.html' }],
    ['credentials smuggled into the URL', { ...ours, frameUrl: 'app://b24phone@evil/' }],
    ['a data URL', { ...ours, frameUrl: 'data:text/html,<script>1</script>' }],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender)).toBe(false);
  });
});
