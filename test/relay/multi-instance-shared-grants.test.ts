import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAccessTokenSchema, relayPaths, type AgentAccessToken } from '../../common/relay/relay-api';
import { ClusterRig } from './support/cluster-rig';

/**
 * What two relays on one PostgreSQL share about an agent session besides its row: its token
 * refresh (Bitrix24's refresh tokens are single-use) and its request limits. The portal emulator
 * refuses a refresh token already used, as Bitrix24's OAuth server does.
 */
let rig: ClusterRig | undefined;

beforeAll(async () => {
  rig = await ClusterRig.start({
    instances: 2,
    // One forced refresh a minute: a budget that does not refill while the test runs.
    relay: { limits: { addressRatePerSecond: 1000, forcedRefreshesPerMinute: 1 } },
  });
}, 180_000); // initdb, two relays and HAProxy starting on a busy two-core machine

afterAll(async () => {
  await rig?.stop();
}, 60_000);

const cluster = () => rig as ClusterRig;

/** POST /agent/token at instance `index` directly; the status and, when 200, the token. */
async function tokenAt(
  index: number,
  session: string,
  body: { expiredAccessToken?: string } = {},
): Promise<{ status: number; token?: AgentAccessToken }> {
  const response = await fetch(`${cluster().relayUrl(index)}${relayPaths.token}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  return response.status === 200
    ? { status: 200, token: agentAccessTokenSchema.parse(json) }
    : { status: response.status };
}

/** Refresh-token grants the portal's OAuth server answered, by outcome. */
async function refreshes(): Promise<{ granted: number; refused: number }> {
  const { requests } = await cluster().sandbox<{
    requests: { params: Record<string, unknown>; status: number }[];
  }>('/_sandbox/requests?method=oauth/token');
  const grants = requests.filter((request) => request.params.grant_type === 'refresh_token');
  return {
    granted: grants.filter((request) => request.status === 200).length,
    refused: grants.filter((request) => request.status !== 200).length,
  };
}

async function userCurrent(accessToken: string): Promise<number> {
  const response = await fetch(`${cluster().portalUrl}/rest/user.current`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: accessToken }),
  });
  return response.status;
}

describe('an agent session served by two relays on PostgreSQL', () => {
  it('is refreshed once when both relays need a fresh token at the same time', async () => {
    const session = await cluster().signIn(2);
    const first = (await tokenAt(0, session)).token as AgentAccessToken;
    // The access token ran out (at the portal, and by the relays' clock: both must refresh).
    await cluster().sandbox('/_sandbox/faults', { expireAllTokens: true });
    await cluster().query(
      `UPDATE sessions SET grant_json = jsonb_set(grant_json::jsonb, '{accessExpiresAt}', '0')::text
       WHERE member_id = $1 AND user_id = 2`,
      [first.member_id],
    );
    // The OAuth server answers slowly, so both relays are in their refresh at once.
    await cluster().sandbox('/_sandbox/faults', { delayMs: 1000, methods: ['oauth/token'] });
    const before = await refreshes();
    const both = await Promise.all([tokenAt(0, session), tokenAt(1, session)]);
    await cluster().sandbox('/_sandbox/faults', { delayMs: 0 });

    expect(both.map((answer) => answer.status)).toEqual([200, 200]);
    const fresh = both[0]?.token?.access_token as string;
    expect(fresh).not.toBe(first.access_token);
    expect(both[1]?.token?.access_token).toBe(fresh);
    const after = await refreshes();
    expect(after.granted - before.granted).toBe(1);
    expect(after.refused - before.refused).toBe(0);
    expect(await userCurrent(fresh)).toBe(200);
    // The session goes on at either instance with the stored grant.
    for (const index of [0, 1]) expect((await tokenAt(index, session)).token?.access_token).toBe(fresh);
  }, 60_000);

  it('spends one forced-refresh budget at both relays together', async () => {
    const session = await cluster().signIn(3);
    let current = (await tokenAt(0, session)).token?.access_token as string;
    // The app says its current token was refused as expired, alternately at each instance.
    const statuses: number[] = [];
    for (const index of [0, 1, 0, 1]) {
      const answer = await tokenAt(index, session, { expiredAccessToken: current });
      statuses.push(answer.status);
      if (answer.token) current = answer.token.access_token;
    }
    // A budget of one a minute: the first is a refresh, the other three are refused.
    expect(statuses).toEqual([200, 429, 429, 429]);
    expect(await userCurrent(current)).toBe(200);
    // Refused forced refreshes leave the session working at both.
    for (const index of [0, 1]) expect((await tokenAt(index, session)).token?.access_token).toBe(current);
  }, 60_000);
});
