import { placeCall, type SippCall, type SippRig } from '../../../sandbox/pbx/sipp';
import type { PortalClient } from '../../../sandbox/portal/sandbox-client';
import type { Agent } from './agent';
import { expect } from './fixtures';
import { inCallView, incomingView } from './phone-ui';

/**
 * A customer (+74951234567, on line 74950000000) calls the simultaneous ring group 600 and talks
 * for `talkMs` (3 s by default) once answered, or until the agent hangs up: the call, once it rings
 * in every member's app and the portal shows its card to each of them.
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

/** Long enough that the customer is still talking when the answerer hangs up (hangUpShownOnlyTo). */
export const talkUntilHungUpMs = 120_000;

/**
 * While `answerer` talks (the portal has no finish yet, which would clear every card), the portal
 * shows the call's card to the answerer alone: the other members' cards were hidden when the
 * answer ended their legs. Then the answerer hangs up.
 */
export async function hangUpShownOnlyTo(portal: PortalClient, externalCallId: string, answerer: Agent) {
  await expect
    .poll(
      async () => {
        const [call] = await portal.callsWithExternalId(externalCallId);
        return { cardsShownTo: call?.cardsShownTo ?? [], finished: (call?.finish ?? null) !== null };
      },
      { timeout: 15_000 },
    )
    .toEqual({ cardsShownTo: [answerer.userId], finished: false });
  await inCallView(answerer.page).getByRole('button', { name: 'Hang up' }).click();
}
