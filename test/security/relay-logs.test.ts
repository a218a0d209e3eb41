import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, routeToken } from '../relay/support/relay-rig';
import { rawHttp } from './support/raw-http';
import { RelayProcess } from './support/relay-process';

let relay: RelayProcess | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

interface RequestLine {
  msg: string;
  reqId: string;
  req?: { url: string; remoteAddress: string };
}

/** The relay's 'incoming request' lines so far. */
function requestLines(logFile: string): RequestLine[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RequestLine)
    .filter((line) => line.msg === 'incoming request');
}

const forgedClient = '203.0.113.77';

describe("the relay's request log", () => {
  it('writes no query secret and takes no forged X-Forwarded-For for the client', async () => {
    relay = await RelayProcess.start();
    expect((await relay.install()).status).toBe(200);
    const forged = { 'x-forwarded-for': forgedClient };
    const callback = await rawHttp(
      `${relay.url}/oauth/callback?code=code-secret-4711&state=state-secret-4711`,
      {
        headers: forged,
      },
    );
    expect(callback.status).toBe(400);
    const route = await rawHttp(`${relay.url}/route?phone=%2B74951234567&format=text&token=${routeToken}`, {
      headers: forged,
    });
    // Positive control: the PBX's genuine look-up works and a plain request is logged as it was.
    expect(route.status).toBe(200);
    expect((await rawHttp(`${relay.url}/health`)).status).toBe(200);

    const lines = await eventually(
      () => requestLines(relay!.logFile),
      (found) => found.some((line) => line.req?.url === '/health'),
    );
    const log = readFileSync(relay.logFile, 'utf8');
    for (const secret of ['code-secret-4711', 'state-secret-4711', routeToken]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain(forgedClient);
    expect(lines.map((line) => line.req)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          url: '/oauth/callback?code=[redacted]&state=[redacted]',
          remoteAddress: '127.0.0.1',
        }),
        expect.objectContaining({
          url: '/route?phone=[redacted]&format=[redacted]&token=[redacted]',
          remoteAddress: '127.0.0.1',
        }),
        expect.objectContaining({ url: '/health', remoteAddress: '127.0.0.1' }),
      ]),
    );
  });

  it('takes X-Forwarded-For from the configured proxy, and from nobody else', async () => {
    relay = await RelayProcess.start({ config: { trustedProxies: ['127.0.0.1'] } });
    const forwarded = { 'x-forwarded-for': forgedClient };
    // The proxy (127.0.0.1) forwards a client's request; a client at 127.0.0.2 forges the header.
    expect((await rawHttp(`${relay.url}/health?via=proxy`, { headers: forwarded })).status).toBe(200);
    expect(
      (await rawHttp(`${relay.url}/health?via=direct`, { headers: forwarded, localAddress: '127.0.0.2' }))
        .status,
    ).toBe(200);
    const lines = await eventually(
      () => requestLines(relay!.logFile),
      (found) => found.filter((line) => line.req?.url.startsWith('/health?via=')).length === 2,
    );
    const [viaProxy, direct] = lines.filter((line) => line.req?.url.startsWith('/health?via='));
    expect(viaProxy?.req?.remoteAddress).toBe(forgedClient);
    expect(direct?.req?.remoteAddress).toBe('127.0.0.2');
  });
});
