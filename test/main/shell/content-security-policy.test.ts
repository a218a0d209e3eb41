import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../main/shell/content-security-policy';
import { defaultSettings, type Settings } from '../../../common/settings/settings';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

const withPbx = (wsUrl: string): Settings => ({
  ...defaultSettings,
  sip: {
    wsUrl,
    domain: 'pbx.example.com',
    extension: '101',
    password: 'x',
    displayName: '',
    callIdHeader: '',
    lineHeader: '',
  },
});

describe('content security policy', () => {
  it('allows only our own scripts, styles and images: nothing inline, no eval, no plugins, no frames', () => {
    const csp = directives(contentSecurityPolicy(defaultSettings));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    // WebAssembly compilation (the recorder's MP3 encoder) is the one exception, and it is not eval.
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy(defaultSettings).replace("'wasm-unsafe-eval'", '')).not.toMatch(
      /unsafe-(inline|eval)|\*/,
    );
  });

  it('connects to our origin only while no PBX is configured', () => {
    expect(directives(contentSecurityPolicy(defaultSettings)).get('connect-src')).toEqual(["'self'"]);
  });

  it('adds exactly the configured PBX WebSocket origin and no other remote endpoint', () => {
    const csp = directives(contentSecurityPolicy(withPbx('wss://pbx.example.com:8089/ws?token=1')));
    expect(csp.get('connect-src')).toEqual(["'self'", 'wss://pbx.example.com:8089']);
    const everything = [...csp.values()].flat();
    expect(everything.filter((source) => /^(https?|wss?):/.test(source))).toEqual([
      'wss://pbx.example.com:8089',
    ]);
  });

  it('keeps a plain ws:// PBX (the local rig) to its own origin', () => {
    const csp = directives(contentSecurityPolicy(withPbx('ws://127.0.0.1:8080/')));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:8080']);
  });
});
