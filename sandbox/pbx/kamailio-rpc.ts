import { z } from 'zod';

/**
 * Kamailio's JSON-RPC over HTTP (the jsonrpcs module on the WebSocket port, POST /RPC): how the rig
 * asks Kamailio what it knows instead of sleeping and hoping.
 */

const rpcResponse = z.union([
  z.object({ result: z.unknown() }),
  z.object({ error: z.object({ code: z.number(), message: z.string() }) }),
]);

export async function callRpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const post = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(2_000),
    });
  // fetch keeps the connection for the next call; Kamailio may close it meanwhile, and a request
  // written into it just then is answered by nothing ("other side closed"). Kamailio never read
  // it, and every RPC we make is a read or sets a value, so sending it once more is safe.
  const response = await post().catch((error: unknown) => {
    if (closedUnanswered(error)) return post();
    throw error;
  });
  if (!response.ok) throw new Error(`Kamailio RPC ${method}: HTTP ${response.status}`);
  const body = rpcResponse.parse(await response.json());
  if ('error' in body) throw new Error(`Kamailio RPC ${method}: ${body.error.message} (${body.error.code})`);
  return body.result;
}

function closedUnanswered(error: unknown): boolean {
  return (
    error instanceof TypeError && (error.cause as { code?: string } | undefined)?.code === 'UND_ERR_SOCKET'
  );
}

/** `core.version`, e.g. "kamailio 5.6.3 (x86_64/linux)". */
export async function coreVersion(url: string): Promise<string> {
  return z.string().parse(await callRpc(url, 'core.version'));
}

/** One contact bound to an address of record in Kamailio's location table. */
export interface Registration {
  /** The address of record as Kamailio keys it: the user part only (usrloc use_domain=0), e.g. "101". */
  aor: string;
  /** The contact URI the client registered (for sip.js: sip:xyz@abc.invalid;transport=ws). */
  contact: string;
  /** Seconds until the registration expires. */
  expires: number;
}

// Only the fields we use; Kamailio 5.6 reports many more per contact.
const contactEntry = z.object({
  Contact: z.object({ Address: z.string(), Expires: z.union([z.number(), z.string()]) }),
});
const ulDump = z.object({
  Domains: z.array(
    z.object({
      Domain: z.object({
        Domain: z.string(),
        AoRs: z.array(z.object({ Info: z.object({ AoR: z.string(), Contacts: z.array(contactEntry) }) })),
      }),
    }),
  ),
});

/** Every registration in the `location` table (`ul.dump`). */
export async function dumpRegistrations(url: string): Promise<Registration[]> {
  const dump = ulDump.parse(await callRpc(url, 'ul.dump'));
  return dump.Domains.filter(({ Domain }) => Domain.Domain === 'location').flatMap(({ Domain }) =>
    Domain.AoRs.flatMap(({ Info }) =>
      Info.Contacts.map(({ Contact }) => ({
        aor: Info.AoR,
        contact: Contact.Address,
        expires: expiresSeconds(Contact.Expires),
      })),
    ),
  );
}

/** usrloc reports seconds left, or the word "permanent" for contacts without expiry. */
function expiresSeconds(value: number | string): number {
  if (typeof value === 'number') return value;
  return value === 'permanent' ? Number.POSITIVE_INFINITY : Number(value);
}

/** One of Kamailio's processes (`core.psx`): its PID and what it does ("tcp main process", "timer"...). */
export interface KamailioProcess {
  pid: number;
  description: string;
}

const psx = z.array(z.object({ PID: z.number(), DSC: z.string() }));

export async function listProcesses(url: string): Promise<KamailioProcess[]> {
  return psx.parse(await callRpc(url, 'core.psx')).map(({ PID, DSC }) => ({ pid: PID, description: DSC }));
}

/**
 * Whether the CANCELs Kamailio sends to a group's other members once one answered carry
 * `Reason: SIP;cause=200` (tm's local_cancel_reason, on by default). Many PBXs send none; the rig
 * switches it off to be one of them, and back on afterwards. It applies to the whole rig.
 */
export async function setCancelReason(url: string, enabled: boolean): Promise<void> {
  await callRpc(url, 'cfg.set_now_int', ['tm', 'local_cancel_reason', enabled ? 1 : 0]);
}

/** Whether those CANCELs carry the Reason (see `setCancelReason`). */
export async function cancelReason(url: string): Promise<boolean> {
  return z.number().parse(await callRpc(url, 'cfg.get', ['tm', 'local_cancel_reason'])) === 1;
}

/**
 * Where the 500 line asks for the caller's responsible manager: the relay's `/route` URL with its
 * `portal`, `token` and `format=text` (Kamailio adds `phone=`); '' switches the line off.
 * It applies to the whole rig.
 */
export async function setRouteUrl(url: string, routeUrl: string): Promise<void> {
  await callRpc(url, 'cfg.set_now_string', ['rig', 'route_url', routeUrl]);
}
