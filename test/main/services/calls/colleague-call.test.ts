import { afterEach, describe, expect, it } from 'vitest';
import type { CallFact, CallOrigin } from '../../../../common/calls/call-fact';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { UserDirectory } from '../../../../main/services/bitrix/user-directory';
import { withColleague } from '../../../../main/services/calls/colleague-call';
import { capturedLog } from '../support/captured-log';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';

let portal: SandboxPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

const ringingWith = (remoteNumber: string, origin?: CallOrigin): CallFact => ({
  type: 'ringing',
  callKey: 'leg-1',
  direction: origin?.kind === 'click-to-call' || origin?.kind === 'dialpad' ? 'outgoing' : 'incoming',
  sipCallId: 'sip-1',
  remoteNumber,
  ...(origin ? { origin } : {}),
  at: 1_700_000_000_000,
});

async function directory(): Promise<UserDirectory> {
  portal = await startSandboxPortal();
  const client = new BitrixClient(await portal.tokens(2), { timeoutMs: 10_000 });
  return new UserDirectory(() => client);
}

describe('a call with a colleague', () => {
  it("is one with an active user's extension; another extension or an outside number is a customer's", async () => {
    const users = await directory();
    const options = { userFor: (ext: string) => users.userFor(ext), log: capturedLog().log };
    expect(await withColleague(ringingWith('102'), options)).toMatchObject({ colleague: true });
    expect(await withColleague(ringingWith('102', { kind: 'dialpad' }), options)).toMatchObject({
      colleague: true,
    });
    // 104 belongs to a user who left; 7100 to nobody (a PBX service number).
    for (const number of ['104', '7100', '+79161234567'])
      expect(await withColleague(ringingWith(number), options)).toEqual(ringingWith(number));
    // The outside number asked nothing.
    expect(await portal?.requests('user.get')).toHaveLength(3);
  });

  it('is not looked up for calls someone else registered, nor for facts other than ringing', async () => {
    const users = await directory();
    const options = { userFor: (ext: string) => users.userFor(ext), log: capturedLog().log };
    const clickToCall = ringingWith('102', { kind: 'click-to-call', callId: 'externalCall.abc.1' });
    expect(await withColleague(clickToCall, options)).toEqual(clickToCall);
    const answered: CallFact = { type: 'answered', callKey: 'leg-1', at: 1_700_000_000_000 };
    expect(await withColleague(answered, options)).toEqual(answered);
    expect(await portal?.requests('user.get')).toHaveLength(0);
  });

  it('is a customer call, as it came, when the portal fails', async () => {
    const users = await directory();
    const { log, lines } = capturedLog();
    await portal?.faults({ status500: { count: 5, methods: ['user.get'] } });
    expect(await withColleague(ringingWith('102'), { userFor: (ext) => users.userFor(ext), log })).toEqual(
      ringingWith('102'),
    );
    expect(lines.some((line) => line['msg'] === 'colleague look-up failed')).toBe(true);
  });
});
