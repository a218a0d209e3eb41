import { placeCall, type SippCall, type SippRig } from '../../../sandbox/pbx/sipp';
import type { PortalClient } from '../../../sandbox/portal/sandbox-client';
import type { Agent } from './agent';
import { expect } from './fixtures';
import { incomingView } from './phone-ui';

/**
 * A customer (+74951234567, on line 74950000000) calls the simultaneous ring group 600 and talks
 * for `talkMs` (3 s) once answered: the call, once it rings in every member's app and the portal
 * shows its card to each of them.
 */
export async function ringGroupCallRingingAt(
  rig: SippRig,
  portal: PortalClient,
  members: Agent[],
  talkMs = 3_000,
): Promise<SippCall> {
  const call = await placeCall({
    rig,
    to: '600',
    from: '+74951234567',
    talkMs,
    headers: { 'X-Line': '74950000000' },
  });
  for (const member of members) await expect(incomingView(member.page)).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(async () => (await portal.callsWithExternalId(call.callId))[0]?.cardsShownTo.sort() ?? [])
    .toEqual(members.map((member) => member.userId).sort());
  return call;
}
