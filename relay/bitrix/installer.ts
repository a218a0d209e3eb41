import type { Logger } from 'pino';
import type { ExternalLineConfig } from '../config/relay-config';
import type { EndpointPolicy } from '../sessions/oauth-servers';
import type { Portal, PortalStore } from '../stores/stores';
import { boundEvents, type InstallEvent } from './events';
import type { PortalApi } from './portal-api';
import { BitrixRestError, type RestClient } from './rest-client';

export class InstallRefused extends Error {
  override readonly name = 'InstallRefused';
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 502,
    message: string,
  ) {
    super(message);
  }
}

interface LineRow {
  NUMBER: string;
}
interface HandlerRow {
  event: string;
  handler: string;
}

/**
 * ONAPPINSTALL: checks the installation is real, keeps the portal by member_id, registers the
 * configured external lines and binds our events - on every install, because Bitrix24 drops an
 * app's handlers when it is reinstalled or updated. Each step is idempotent: lines and handlers
 * already there are left alone, so a repeated install changes nothing twice.
 *
 * Anyone can POST to the install URL, so before anything is stored: the OAuth server must be one we
 * trust with the client secret, a reinstall must come from the portal already installed under that
 * member_id, and the tokens must work against that portal (a forged install fails that call).
 */
export class Installer {
  constructor(
    private readonly deps: {
      portals: PortalStore;
      api: PortalApi;
      rest: RestClient;
      policy: EndpointPolicy;
      lines: ExternalLineConfig[];
      /** Where our events are bound (read at each install: the public URL may be known late). */
      eventUrl: () => string;
      log: Logger;
      now?: () => number;
    },
  ) {}

  async install(event: InstallEvent): Promise<Portal> {
    const { auth } = event;
    const refusal = this.deps.policy.refuse({
      clientEndpoint: auth.client_endpoint,
      serverEndpoint: auth.server_endpoint,
    });
    if (refusal) throw new InstallRefused(403, refusal);
    const known = await this.deps.portals.get(auth.member_id);
    if (known && new URL(known.clientEndpoint).origin !== new URL(auth.client_endpoint).origin) {
      throw new InstallRefused(
        409,
        `member_id ${auth.member_id} is installed at ${new URL(known.clientEndpoint).origin}; remove it first (admin API) if the portal moved`,
      );
    }
    let lines: LineRow[];
    try {
      lines = await this.deps.rest.call<LineRow[]>(
        auth.client_endpoint,
        auth.access_token,
        'telephony.externalLine.get',
      );
    } catch (error) {
      throw new InstallRefused(
        error instanceof BitrixRestError && error.status === 401 ? 401 : 502,
        `The portal did not accept the installation's token: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const now = (this.deps.now ?? Date.now)();
    const portal: Portal = {
      memberId: auth.member_id,
      domain: auth.domain,
      clientEndpoint: auth.client_endpoint,
      serverEndpoint: auth.server_endpoint,
      applicationToken: auth.application_token,
      accessToken: auth.access_token,
      refreshToken: auth.refresh_token,
      accessExpiresAt:
        auth.expires !== undefined ? auth.expires * 1000 : now + (auth.expires_in ?? 3600) * 1000,
      scope: auth.scope,
      installedAt: now,
    };
    await this.deps.portals.save(portal);
    await this.#registerLines(portal, lines);
    await this.#bindEvents(portal);
    this.deps.log.info({ memberId: portal.memberId, domain: portal.domain }, 'application installed');
    return portal;
  }

  async #registerLines(portal: Portal, existing: LineRow[]): Promise<void> {
    const have = new Set(existing.map((line) => line.NUMBER));
    for (const line of this.deps.lines) {
      if (have.has(line.number)) continue;
      try {
        await this.deps.api.call(portal.memberId, 'telephony.externalLine.add', {
          NUMBER: line.number,
          ...(line.name ? { NAME: line.name } : {}),
          CRM_AUTO_CREATE: line.crmAutoCreate ? 'Y' : 'N',
        });
      } catch (error) {
        // Someone added it between our get and add: that is the outcome we wanted.
        if (!(error instanceof BitrixRestError && /already exists/i.test(error.description))) throw error;
      }
    }
  }

  async #bindEvents(portal: Portal): Promise<void> {
    const eventUrl = this.deps.eventUrl();
    const bound = await this.deps.api.call<HandlerRow[]>(portal.memberId, 'event.get');
    const ours = new Set(
      bound.filter((row) => row.handler === eventUrl).map((row) => row.event.toUpperCase()),
    );
    for (const event of boundEvents) {
      if (ours.has(event)) continue;
      try {
        await this.deps.api.call(portal.memberId, 'event.bind', { event, handler: eventUrl });
      } catch (error) {
        if (!(error instanceof BitrixRestError && /already bind|already exists/i.test(error.description)))
          throw error;
      }
    }
  }
}
