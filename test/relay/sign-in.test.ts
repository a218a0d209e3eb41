import { afterEach, describe, expect, it } from 'vitest';
import { agentAccessTokenSchema, relayPaths, type SignInStarted } from '../../common/relay/relay-api';
import { adminToken, clientSecret, RelayRig } from './support/relay-rig';

let rig: RelayRig;
afterEach(async () => {
  await rig?.close();
});

describe('agent sign-in and token broker', () => {
  it('signs an agent in through the portal authorize page, bound to its portal and user', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const signedIn = await rig.signIn(2);
    expect(signedIn.userId).toBe(2);
    const [portal] = await rig.stores.portals.list();
    expect(signedIn.memberId).toBe(portal?.memberId);
    // The app gets an access token of that user and nothing it could refresh with by itself.
    expect(agentAccessTokenSchema.strict().parse(signedIn.token).user_id).toBe(2);
    expect(JSON.stringify(signedIn)).not.toMatch(/refresh_token|client_secret/);
    // The token works against the portal as user 2.
    const me = await fetch(`${rig.portalUrl}/rest/user.current`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: signedIn.token.access_token }),
    });
    expect(((await me.json()) as { result: { ID: string } }).result.ID).toBe('2');
    // The session is stored only as a hash.
    const [session] = await rig.stores.sessions.list();
    expect(JSON.stringify(session)).not.toContain(signedIn.session);
    const who = await rig.relayRequest('GET', relayPaths.me, undefined, signedIn.session);
    expect(await who.json()).toMatchObject({ userId: 2, memberId: portal?.memberId });
  });

  it('gives a pairing to the app that started it only, once', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const started = (await (await rig.relayRequest('POST', relayPaths.signIn, {})).json()) as SignInStarted;
    const wrong = await rig.relayRequest('POST', relayPaths.signInPoll, {
      pairingId: started.pairingId,
      pollToken: 'x'.repeat(43),
    });
    expect(wrong.status).toBe(404);
    const pending = await rig.relayRequest('POST', relayPaths.signInPoll, {
      pairingId: started.pairingId,
      pollToken: started.pollToken,
    });
    expect(await pending.json()).toEqual({ state: 'pending' });
  });

  it('shows the sign-in code before the portal, and continues from that page once', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const started = (await (
      await rig.relayRequest('POST', relayPaths.signIn, { deviceName: 'AGENT-PC-7' })
    ).json()) as SignInStarted;
    expect(started.userCode).toMatch(/^\d{4}-\d{4}$/);
    const page = await (await fetch(started.authorizeUrl)).text();
    expect(page).toContain(started.userCode);
    expect(page).toContain('AGENT-PC-7');
    const portalUrl = await rig.confirmInBrowser(started.authorizeUrl);
    expect(portalUrl.startsWith(`${rig.portalUrl}/oauth/authorize/`)).toBe(true);
    await expect(rig.confirmInBrowser(started.authorizeUrl)).rejects.toThrow(/400/);
  });

  it('refuses a confirmation posted from another site', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const started = (await (await rig.relayRequest('POST', relayPaths.signIn, {})).json()) as SignInStarted;
    const pairing = new URL(started.authorizeUrl).searchParams.get('pairing') ?? '';
    const forged = await fetch(`${rig.relayUrl}${relayPaths.signInConfirm}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ pairing }).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
  });

  it('refuses a callback whose state it never issued, or one used twice', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const forged = await fetch(`${rig.relayUrl}/oauth/callback?code=abc&state=never-issued`);
    expect(forged.status).toBe(400);
    const started = (await (await rig.relayRequest('POST', relayPaths.signIn, {})).json()) as SignInStarted;
    const portalUrl = await rig.confirmInBrowser(started.authorizeUrl);
    const state = new URL(portalUrl).searchParams.get('state') ?? '';
    const picked = await fetch(`${rig.portalUrl}/oauth/authorize/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: rig.config.app.clientId, state, user_id: '3' }).toString(),
      redirect: 'manual',
    });
    const location = picked.headers.get('location') ?? '';
    expect((await fetch(location)).status).toBe(200);
    expect((await fetch(location)).status).toBe(400);
  });

  it('brokers fresh access tokens, refreshing (and rotating) only when needed', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session, token } = await rig.signIn(2);
    const same = await (await rig.relayRequest('POST', relayPaths.token, {}, session)).json();
    expect(agentAccessTokenSchema.parse(same).access_token).toBe(token.access_token);
    const [before] = await rig.stores.sessions.list();
    // Bitrix24 said the token expired: the relay refreshes even though its clock disagrees.
    await rig.sandbox('/_sandbox/faults', { expireAllTokens: true });
    const fresh = agentAccessTokenSchema.parse(
      await (
        await rig.relayRequest('POST', relayPaths.token, { expiredAccessToken: token.access_token }, session)
      ).json(),
    );
    expect(fresh.access_token).not.toBe(token.access_token);
    const [after] = await rig.stores.sessions.list();
    expect(after?.grant.refreshToken).not.toBe(before?.grant.refreshToken);
    const me = await fetch(`${rig.portalUrl}/rest/user.current`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: fresh.access_token }),
    });
    expect(me.status).toBe(200);
  });

  it('refreshes once for requests that find the token expired at the same time', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session, token } = await rig.signIn(2);
    await rig.sandbox('/_sandbox/faults', { expireAllTokens: true });
    // The OAuth server answers slowly: the second request arrives while the first one refreshes.
    await rig.sandbox('/_sandbox/faults', { delayMs: 500, methods: ['oauth/token'] });
    const refreshesBefore = await refreshGrants(rig);
    const answers = await Promise.all(
      [0, 1].map(async () =>
        agentAccessTokenSchema.parse(
          await (
            await rig.relayRequest(
              'POST',
              relayPaths.token,
              { expiredAccessToken: token.access_token },
              session,
            )
          ).json(),
        ),
      ),
    );
    expect(answers[0]?.access_token).not.toBe(token.access_token);
    expect(answers[1]?.access_token).toBe(answers[0]?.access_token);
    expect((await refreshGrants(rig)) - refreshesBefore).toBe(1);
  });

  it('ends the session when Bitrix24 revoked the grant', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const { session, token } = await rig.signIn(2);
    await rig.sandbox('/_sandbox/faults', { revokeRefreshToken: { user_id: 2 } });
    const refused = await rig.relayRequest(
      'POST',
      relayPaths.token,
      { expiredAccessToken: token.access_token },
      session,
    );
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('sign-in-required');
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, session)).status).toBe(401);
  });

  it('ends a session at once on sign-out: HTTP refused, hub connection closed', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    expect((await rig.relayRequest('POST', relayPaths.signOut, undefined, agent.session)).status).toBe(204);
    await agent.waitForNotice('session-ended');
    expect((await agent.waitForClose()).code).toBe(4001);
    expect((await rig.relayRequest('POST', relayPaths.token, {}, agent.session)).status).toBe(401);
    await expect(rig.connect(agent.session)).rejects.toThrow(/401/);
  });

  it('lets an administrator revoke one user, leaving the others signed in', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const boris = await rig.agent(2);
    const carla = await rig.agent(3);
    const [portal] = await rig.stores.portals.list();
    const unauthorised = await rig.relayRequest('POST', '/admin/sessions/revoke', {
      memberId: portal?.memberId,
      userId: 2,
    });
    expect(unauthorised.status).toBe(401);
    const revoked = await fetch(`${rig.relayUrl}/admin/sessions/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ memberId: portal?.memberId, userId: 2 }),
    });
    expect(revoked.status).toBe(200);
    await boris.waitForClose();
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, boris.session)).status).toBe(401);
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, carla.session)).status).toBe(200);
    expect(carla.closed).toBeNull();
  });

  it('refuses an expired session', async () => {
    rig = await RelayRig.start({ relay: { sessions: { ttlMs: 300 } } });
    await rig.install();
    const { session } = await rig.signIn(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, session)).status).toBe(401);
    await expect(rig.connect(session)).rejects.toThrow(/401/);
  });

  it('never hands out the client secret or a refresh token, to the app or the administrator', async () => {
    rig = await RelayRig.start();
    await rig.install();
    const agent = await rig.agent(2);
    const { token } = await rig.signIn(2);
    await rig.sandbox('/_sandbox/faults', { expireAllTokens: true });
    const answers: string[] = [];
    const read = async (response: Response) => answers.push(`${response.status} ${await response.text()}`);
    await read(await rig.relayRequest('POST', relayPaths.token, {}, agent.session));
    await read(
      await rig.relayRequest(
        'POST',
        relayPaths.token,
        { expiredAccessToken: token.access_token },
        agent.session,
      ),
    );
    await read(await rig.relayRequest('GET', relayPaths.me, undefined, agent.session));
    const admin = { authorization: `Bearer ${adminToken}` };
    await read(await fetch(`${rig.relayUrl}/admin/portals`, { headers: admin }));
    await read(await fetch(`${rig.relayUrl}/admin/sessions`, { headers: admin }));
    await read(await fetch(`${rig.relayUrl}/metrics`));
    answers.push(JSON.stringify(agent.messages));
    // What the relay keeps and must not give away: the secret and every refresh token it holds.
    const kept = [
      clientSecret,
      ...(await rig.stores.sessions.list()).map((session) => session.grant.refreshToken),
      ...(await rig.stores.portals.list()).map((portal) => portal.refreshToken),
    ];
    expect(answers.filter((answer) => answer.startsWith('200'))).toHaveLength(6);
    for (const answer of answers) {
      expect(answer).not.toMatch(/refresh_token|client_secret/i);
      for (const secret of kept) expect(answer).not.toContain(secret);
    }
  });

  it('limits the request rate of one session, leaving other sessions alone', async () => {
    rig = await RelayRig.start({ relay: { limits: { sessionRatePerSecond: 5 } } });
    await rig.install();
    const boris = await rig.signIn(2);
    const carla = await rig.signIn(3);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => rig.relayRequest('GET', relayPaths.me, undefined, boris.session)),
    ).then((responses) => responses.map((response) => response.status));
    const answered = statuses.filter((status) => status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThan(15);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - answered);
    expect((await rig.relayRequest('GET', relayPaths.me, undefined, carla.session)).status).toBe(200);
  });
});

/** Refresh-token grants the portal's OAuth server was asked for. */
async function refreshGrants(relayRig: RelayRig): Promise<number> {
  const { requests } = await relayRig.sandbox<{ requests: { params: Record<string, unknown> }[] }>(
    '/_sandbox/requests?method=oauth/token',
  );
  return requests.filter((request) => request.params.grant_type === 'refresh_token').length;
}
