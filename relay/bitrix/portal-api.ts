import type { Logger } from 'pino';
import type { Portal, PortalStore } from '../stores/stores';
import { accessExpiry, BitrixRestError, type RestClient } from './rest-client';

/**
 * REST calls the relay makes for a portal as the installed application (the installing
 * administrator's tokens from ONAPPINSTALL): registering lines, binding events, finishing calls no
 * app took, CRM look-ups for routing. Refreshes on `expired_token` - the request was refused, so
 * repeating it once is safe - rotating the stored refresh token; one refresh at a time per portal.
 */
export class PortalApi {
  readonly #refreshing = new Map<string, Promise<Portal>>();

  constructor(
    private readonly rest: RestClient,
    private readonly portals: PortalStore,
    private readonly client: { clientId: string; clientSecret: string },
    private readonly log: Logger,
  ) {}

  async call<T>(memberId: string, method: string, params: object = {}): Promise<T> {
    let portal = await this.portals.get(memberId);
    if (!portal) throw new BitrixRestError(0, 'PORTAL_NOT_INSTALLED', `No installation for ${memberId}`);
    if (portal.accessExpiresAt <= Date.now()) portal = await this.refresh(portal);
    try {
      return await this.rest.call<T>(portal.clientEndpoint, portal.accessToken, method, params);
    } catch (error) {
      if (!(error instanceof BitrixRestError) || !error.expiredToken) throw error;
      portal = await this.refresh(portal);
      return this.rest.call<T>(portal.clientEndpoint, portal.accessToken, method, params);
    }
  }

  /** Refreshes the portal's tokens once, however many calls found them expired at the same time. */
  refresh(portal: Portal): Promise<Portal> {
    const running = this.#refreshing.get(portal.memberId);
    if (running) return running;
    const next = (async () => {
      const token = await this.rest.token(
        portal.serverEndpoint,
        { grant_type: 'refresh_token', refresh_token: portal.refreshToken },
        this.client,
      );
      const tokens = {
        accessToken: token.access_token,
        refreshToken: token.refresh_token,
        accessExpiresAt: accessExpiry(token),
      };
      await this.portals.updateTokens(portal.memberId, tokens);
      this.log.info({ memberId: portal.memberId }, 'portal tokens refreshed');
      return { ...portal, ...tokens };
    })().finally(() => this.#refreshing.delete(portal.memberId));
    this.#refreshing.set(portal.memberId, next);
    return next;
  }
}
