import type { ConfigPatch } from '../../../../sandbox/portal/config';
import type { FaultBody } from '../../../../sandbox/portal/faults';
import { build, listen, type PortalServer } from '../../../../sandbox/portal/server';
import type { BitrixTokens } from '../../../../common/bitrix/oauth-tokens';

/** One call as GET /_sandbox/calls describes it (the fields these tests read). */
export interface PortalCall {
  CALL_ID: string;
  source: string;
  userId: number;
  callStartDate: string;
  register: Record<string, string>;
  registerRequests: Array<{ at: string; params: Record<string, string>; deduplicated: boolean }>;
  crm: { entityType: string | null; entityId: number | null };
  finish: Record<string, string> | null;
  finishedAt: string | null;
  finishRequests: Array<{ at: string; params: Record<string, string>; outcome: 'ok' | 'error' }>;
  statistics: Record<string, unknown> | null;
  cardsShownTo: number[];
  activity: Record<string, unknown> | null;
}

export interface PortalRequest {
  method: string;
  kind: 'rest' | 'oauth';
  status: number;
  error: string | null;
  fault: string | null;
  batchOf: number | null;
  params: Record<string, unknown>;
}

/**
 * The portal emulator (sandbox/portal) listening on a loopback port, observed and broken through
 * its /_sandbox API over real HTTP, as the agent's app reaches it.
 */
export interface SandboxPortal {
  url: string;
  app: PortalServer;
  tokens(userId: number): Promise<BitrixTokens>;
  faults(body: FaultBody): Promise<void>;
  clearFaults(): Promise<void>;
  configure(patch: ConfigPatch): Promise<void>;
  calls(): Promise<PortalCall[]>;
  /** The CRM's records (GET /_sandbox/crm) and activities (GET /_sandbox/activities), as the portal keeps them. */
  crm(): Promise<Array<Record<string, unknown>>>;
  activities(): Promise<Array<Record<string, unknown>>>;
  requests(method?: string): Promise<PortalRequest[]>;
  clickToCall(userId: number, phone: string): Promise<{ CALL_ID: string }>;
  /** The installed app's OAuth client credentials (test-side refresh only: the desktop never has them). */
  appCredentials(): Promise<{ clientId: string; clientSecret: string }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxPortal(config: ConfigPatch = {}): Promise<SandboxPortal> {
  const app = build({ config });
  const url = await listen(app, 0);
  const sandbox = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    url,
    app,
    tokens: (userId) => sandbox<BitrixTokens>('POST', '/_sandbox/tokens', { user_id: userId }),
    faults: async (body) => void (await sandbox('POST', '/_sandbox/faults', body)),
    clearFaults: async () => void (await sandbox('DELETE', '/_sandbox/faults')),
    configure: async (patch) => void (await sandbox('PATCH', '/_sandbox/config', patch)),
    calls: async () => (await sandbox<{ calls: PortalCall[] }>('GET', '/_sandbox/calls')).calls,
    crm: async () =>
      (await sandbox<{ entities: Array<Record<string, unknown>> }>('GET', '/_sandbox/crm')).entities,
    activities: async () =>
      (await sandbox<{ activities: Array<Record<string, unknown>> }>('GET', '/_sandbox/activities'))
        .activities,
    requests: async (method) =>
      (
        await sandbox<{ requests: PortalRequest[] }>(
          'GET',
          `/_sandbox/requests${method ? `?method=${encodeURIComponent(method)}` : ''}`,
        )
      ).requests,
    clickToCall: (userId, phone) =>
      sandbox<{ CALL_ID: string }>('POST', '/_sandbox/click-to-call', { user_id: userId, phone }),
    appCredentials: async () => {
      const described = await sandbox<{ client_id: string; client_secret: string }>('GET', '/_sandbox/app');
      return { clientId: described.client_id, clientSecret: described.client_secret };
    },
    reset: async () => void (await sandbox('POST', '/_sandbox/reset', {})),
    close: () => app.close(),
  };
}
