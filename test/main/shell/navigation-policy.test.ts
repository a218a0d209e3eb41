import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../common/settings/settings';
import {
  browserAllowlist,
  navigationDecision,
  windowOpenDecision,
} from '../../../main/shell/navigation-policy';

const portal = ['https://company.bitrix24.com'];

describe('navigation policy', () => {
  it('keeps our own pages in the window', () => {
    expect(navigationDecision('app://b24phone/index.html#/history', portal)).toBe('stay');
  });

  it('sends links to the agent portal to the system browser, never into the window', () => {
    expect(navigationDecision('https://company.bitrix24.com/crm/contact/details/7/', portal)).toBe(
      'open-in-browser',
    );
    expect(windowOpenDecision('https://company.bitrix24.com/crm/', portal)).toBe('open-in-browser');
  });

  it.each([
    'https://evil.example/',
    'https://company.bitrix24.com.evil.example/',
    'https://user:pass@company.bitrix24.com/',
    'http://company.bitrix24.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'app://other/',
    'smb://server/share',
  ])('refuses %s', (url) => {
    expect(navigationDecision(url, portal)).toBe('deny');
    expect(windowOpenDecision(url, portal)).toBe('deny');
  });

  it('never opens our own origin in a new window', () => {
    expect(windowOpenDecision('app://b24phone/index.html', portal)).toBe('deny');
  });

  it('allows the configured portal: https anywhere, plain http only on loopback', () => {
    expect(browserAllowlist(defaultSettings)).toEqual([]);
    expect(browserAllowlist({ bitrix: { portalUrl: 'https://company.bitrix24.com/x' } })).toEqual(portal);
    expect(browserAllowlist({ bitrix: { portalUrl: 'http://127.0.0.1:3000' } })).toEqual([
      'http://127.0.0.1:3000',
    ]);
    expect(browserAllowlist({ bitrix: { portalUrl: 'http://portal.example.com' } })).toEqual([]);
  });
});
