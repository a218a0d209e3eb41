import { afterEach, describe, expect, it } from 'vitest';
import type { CallFact } from '../../../../common/calls/call-fact';
import { BitrixClient } from '../../../../main/services/bitrix/bitrix-client';
import { UserDirectory } from '../../../../main/services/bitrix/user-directory';
import { withTransferTarget } from '../../../../main/services/calls/transfer-target';
import { capturedLog } from '../support/captured-log';
import { startSandboxPortal, type SandboxPortal } from '../support/sandbox-portal';

let portal: SandboxPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

const transferredTo = (number: string): CallFact => ({
  type: 'transferred',
  callKey: 'leg-1',
  target: { number },
  at: 1_700_000_000_000,
});

async function directory(): Promise<UserDirectory> {
  portal = await startSandboxPortal();
  const client = new BitrixClient(await portal.tokens(2), { timeoutMs: 10_000 });
  return new UserDirectory(() => client);
}

describe('the Bitrix24 user a call was transferred to', () => {
  it('is the user behind the extension; an outside number asks nothing', async () => {
    const users = await directory();
    const options = { userFor: (ext: string) => users.userFor(ext), log: capturedLog().log };
    expect(await withTransferTarget(transferredTo('102'), options)).toMatchObject({
      target: { number: '102', userId: 3 },
    });
    const outside = await withTransferTarget(transferredTo('+79161234567'), options);
    expect(outside).toEqual(transferredTo('+79161234567'));
    expect(await portal?.requests('user.get')).toHaveLength(1);
  });

  it('is left out, and the fact goes on unchanged, when the portal fails or is slow', async () => {
    const users = await directory();
    const { log, lines } = capturedLog();
    await portal?.faults({ status500: { count: 5, methods: ['user.get'] } });
    const failed = await withTransferTarget(transferredTo('102'), {
      userFor: (ext) => users.userFor(ext),
      log,
    });
    expect(failed).toEqual(transferredTo('102'));
    expect(lines.some((line) => line['msg'] === 'transfer target user look-up failed')).toBe(true);

    await portal?.clearFaults();
    await portal?.faults({ delayMs: 1_000, methods: ['user.get'] });
    const started = Date.now();
    const slow = await withTransferTarget(transferredTo('103'), {
      userFor: (ext) => users.userFor(ext),
      log,
      timeoutMs: 200,
    });
    expect(slow).toEqual(transferredTo('103'));
    expect(Date.now() - started).toBeLessThan(900);
  });
});
