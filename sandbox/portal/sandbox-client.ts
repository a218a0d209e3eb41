/**
 * A client of the portal emulator for tests, benchmarks and the demo: the /_sandbox/ observation
 * and control API, plus the REST calls they need to look things up the way an integration would.
 */

/** One call as GET /_sandbox/calls shows it (the fields our tests read). */
export interface SandboxCall {
  CALL_ID: string;
  registeredAt: string;
  register: Record<string, unknown>;
  registerRequests: Array<{ at: string; params: Record<string, unknown>; deduplicated: boolean }>;
  /** The CRM record the call is bound to, and the lead its register created (CRM_CREATE=1). */
  crm: { entityType: string | null; entityId: number | null; createdLeadId: number | null };
  finish: Record<string, unknown> | null;
  finishedAt: string | null;
  finishRequests: Array<{ at: string; params: Record<string, unknown>; outcome: string; error?: unknown }>;
  statistics: Record<string, unknown> | null;
  records: Array<Record<string, unknown>>;
  attachRecordRequests: Array<{
    at: string;
    params: Record<string, unknown>;
    outcome: string;
    error?: unknown;
  }>;
  cardsShownTo: number[];
}

export type TokenResponse = Record<string, string | number> & { access_token: string; user_id: number };

export class PortalClient {
  constructor(readonly origin: string) {}

  async tokensFor(userId: number): Promise<TokenResponse> {
    return this.#post<TokenResponse>('/_sandbox/tokens', { user_id: userId });
  }

  async calls(): Promise<SandboxCall[]> {
    return (await this.#get<{ calls: SandboxCall[] }>('/_sandbox/calls')).calls;
  }

  /** The CRM's records as the portal keeps them (`type`, `ID`, `PHONE`, `ASSIGNED_BY_ID`, ...). */
  async crm(): Promise<Array<Record<string, unknown>>> {
    return (await this.#get<{ entities: Array<Record<string, unknown>> }>('/_sandbox/crm')).entities;
  }

  /** The CRM activities: those finish wrote and those crm.activity.add made. */
  async activities(): Promise<Array<Record<string, unknown>>> {
    return (await this.#get<{ activities: Array<Record<string, unknown>> }>('/_sandbox/activities'))
      .activities;
  }

  /** What finish wrote into users' chats (ADD_TO_CHAT). */
  async chatMessages(): Promise<{ ID: number; userId: number; CALL_ID: string; at: string; text: string }[]> {
    return (
      await this.#get<{
        messages: { ID: number; userId: number; CALL_ID: string; at: string; text: string }[];
      }>('/_sandbox/chat')
    ).messages;
  }

  /** The calls registered with this EXTERNAL_CALL_ID (a test's own calls, whatever else ran). */
  async callsWithExternalId(externalCallId: string): Promise<SandboxCall[]> {
    return (await this.calls()).filter((call) => call.register['EXTERNAL_CALL_ID'] === externalCallId);
  }

  /**
   * A visitor's callback request through the portal's web form: Bitrix24 sends
   * ONEXTERNALCALLBACKSTART to the application of the form's line; the answer says how each POST went.
   */
  async requestCallback(form: {
    phone: string;
    text?: string;
  }): Promise<{ deliveries: { status: number | null }[] }> {
    return this.#post('/_sandbox/callback-form', form);
  }

  /**
   * Lays a patch over the portal's configuration (sandbox/portal/config.ts: its country, rate limit,
   * and the answers where Bitrix24's documentation leaves a choice open, `ambiguities`).
   */
  async configure(patch: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.origin}/_sandbox/config`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
    if (!response.ok) throw new Error(`PATCH /_sandbox/config: ${response.status} ${await response.text()}`);
  }

  /** Injects faults (see sandbox/portal/faults.ts for the body). */
  async injectFaults(faults: Record<string, unknown>): Promise<void> {
    await this.#post('/_sandbox/faults', faults);
  }

  async clearFaults(): Promise<void> {
    const response = await fetch(`${this.origin}/_sandbox/faults`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`DELETE /_sandbox/faults: ${response.status}`);
  }

  async reset(): Promise<void> {
    await this.#post('/_sandbox/reset', {});
  }

  /** The portal user whose UF_PHONE_INNER is `extension`, looked up as an integration would. */
  async userIdForExtension(extension: string): Promise<number> {
    return (await this.userForExtension(extension)).id;
  }

  /** The portal user whose UF_PHONE_INNER is `extension`: ID and full name, from user.get. */
  async userForExtension(extension: string): Promise<{ id: number; name: string }> {
    const admin = await this.tokensFor(1);
    const url = `${this.origin}/rest/user.get.json?auth=${admin.access_token}&FILTER[UF_PHONE_INNER]=${encodeURIComponent(extension)}`;
    const body = (await (await fetch(url)).json()) as {
      result?: Array<{ ID: string; NAME?: string; LAST_NAME?: string }>;
    };
    const user = body.result?.[0];
    const id = Number(user?.ID);
    if (!Number.isInteger(id)) throw new Error(`no portal user has extension ${extension}`);
    return { id, name: [user?.NAME, user?.LAST_NAME].filter(Boolean).join(' ') || `user ${id}` };
  }

  async #get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.origin}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async #post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
