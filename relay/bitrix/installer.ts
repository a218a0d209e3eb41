import type { Logger } from 'pino';
import type { ExternalLineConfig } from '../config/relay-config';
import type { EndpointPolicy } from '../sessions/oauth-servers';
import type { Portal, PortalStore } from '../stores/stores';
import { boundEvents, type InstallEvent } from './events';
import { InstallRefused, proveInstall, type ProvenInstall } from './install-proof';
import { accessExpiry, BitrixRestError, type RestClient } from './rest-client';

interface LineRow {
  NUMBER: string;
}
interface HandlerRow {
  event: string;
  handler: string;
}

/**
 * ONAPPINSTALL: proves the installation is real (install-proof.ts), registers the configured
 * external lines and binds our events - on every install, because Bitrix24 drops an app's handlers
 * when it is reinstalled or updated - and only then keeps the portal by member_id. Each step is
 * idempotent: lines and handlers already there are left alone, so a repeated install changes
 * nothing twice. Until the last step nothing is stored, so a refused or failed install leaves the
 * installation that was there (its application_token and tokens) as it was.
 */
export class Installer {
  constructor(
    private readonly deps: {
      portals: PortalStore;
      rest: RestClient;
      policy: EndpointPolicy;
      client: { clientId: string; clientSecret: string };
      lines: ExternalLineConfig[];
      /** Where our events are bound (read at each install: the public URL may be known late). */
      eventUrl: () => string;
      log: Logger;
      now?: () => number;
    },
  ) {}

  async install(event: InstallEvent): Promise<Portal> {
    const proven = await proveInstall(event, this.deps);
    const known = await this.deps.portals.get(proven.memberId);
    if (known && new URL(known.clientEndpoint).origin !== new URL(proven.clientEndpoint).origin) {
      throw new InstallRefused(
        409,
        `member_id ${proven.memberId} is installed at ${new URL(known.clientEndpoint).origin}; remove it first (admin API) if the portal moved`,
      );
    }
    try {
      await this.#registerLines(proven);
      await this.#bindEvents(proven);
    } catch (error) {
      this.deps.log.warn({ err: error, memberId: proven.memberId }, 'install: lines or event binding failed');
      throw new InstallRefused(502, 'The portal refused registering the lines or binding the events');
    }
    const now = (this.deps.now ?? Date.now)();
    const portal: Portal = {
      memberId: proven.memberId,
      domain: proven.domain,
      clientEndpoint: proven.clientEndpoint,
      serverEndpoint: proven.serverEndpoint,
      applicationToken: event.auth.application_token,
      accessToken: proven.token.access_token,
      refreshToken: proven.token.refresh_token,
      accessExpiresAt: accessExpiry(proven.token, now),
      scope: proven.token.scope,
      installedAt: now,
    };
    await this.deps.portals.save(portal);
    this.deps.log.info({ memberId: portal.memberId, domain: portal.domain }, 'application installed');
    return portal;
  }

  /** A REST call with the proof's fresh token, at the portal the OAuth server named. */
  #call<T>(proven: ProvenInstall, method: string, params: object = {}): Promise<T> {
    return this.deps.rest.call<T>(proven.clientEndpoint, proven.token.access_token, method, params);
  }

  async #registerLines(proven: ProvenInstall): Promise<void> {
    const existing = await this.#call<LineRow[]>(proven, 'telephony.externalLine.get');
    const have = new Set(existing.map((line) => line.NUMBER));
    for (const line of this.deps.lines) {
      if (have.has(line.number)) continue;
      try {
        await this.#call(proven, 'telephony.externalLine.add', {
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

  async #bindEvents(proven: ProvenInstall): Promise<void> {
    const eventUrl = this.deps.eventUrl();
    const bound = await this.#call<HandlerRow[]>(proven, 'event.get');
    const ours = new Set(
      bound.filter((row) => row.handler === eventUrl).map((row) => row.event.toUpperCase()),
    );
    for (const event of boundEvents) {
      if (ours.has(event)) continue;
      try {
        await this.#call(proven, 'event.bind', { event, handler: eventUrl });
      } catch (error) {
        if (!(error instanceof BitrixRestError && /already bind|already exists/i.test(error.description)))
          throw error;
      }
    }
  }
}
