import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../common/settings/settings';
import { registerAppScheme, setupAppProtocol } from '../../../main/shell/app-protocol';
import { WatchedValue } from '../../../main/shell/watched-value';
import { protocol, resetElectronMock } from '../../mocks/electron';

describe('app:// scheme', () => {
  beforeEach(() => resetElectronMock());

  it('is a standard, secure scheme (a secure context for the microphone) that bypasses nothing', () => {
    resetElectronMock({ ready: false });
    registerAppScheme();
    expect(protocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });

  it('is registered before the app is ready, as Electron requires', () => {
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });

  it('serves the page with the CSP of the settings in force when it loads', async () => {
    const rendererDir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const settings = new WatchedValue<Settings>(defaultSettings);
    setupAppProtocol(rendererDir, settings);
    const serve = protocol.handlers.get('app');
    if (!serve) throw new Error('app:// not handled');
    const first = await serve(new Request('app://b24phone/index.html'));
    expect(first.headers.get('content-security-policy')).toContain("connect-src 'self';");
    settings.set({
      ...defaultSettings,
      sip: {
        wsUrl: 'wss://pbx.example.com/ws',
        domain: 'pbx.example.com',
        extension: '1',
        password: '',
        displayName: '',
        callIdHeader: '',
        lineHeader: '',
      },
    });
    const second = await serve(new Request('app://b24phone/index.html'));
    expect(second.headers.get('content-security-policy')).toContain(
      "connect-src 'self' wss://pbx.example.com;",
    );
  });
});
