import type { FastifyInstance } from 'fastify';
import { parseDeepLink } from '../../common/phone/deep-link';
import type { HostEventBus } from '../services/host-api/event-bus';
import type { Logger } from '../services/log/logger';

/** Where a browser sends tel:/callto:/sip: links for the web host (`/link?to=tel:...`). */
export const deepLinkPath = '/link';

/**
 * The web host's end of tel:/callto:/sip: links, as the desktop's deep-links.ts: a browser that
 * has the page registered as the handler of a scheme (`navigator.registerProtocolHandler`) opens
 * `/link?to=<link>`. Any web page can do the same, so all a link does is offer its number to the
 * agent's tab (`dial-link`): nothing dials until the agent confirms there.
 */
export function serveDeepLinks(app: FastifyInstance, events: HostEventBus, log: Logger): void {
  app.get(deepLinkPath, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const link = typeof query['to'] === 'string' ? query['to'] : '';
    const outcome = parseDeepLink(link);
    reply.type('text/plain; charset=utf-8');
    if (outcome.kind === 'refused') {
      log.warn({ reason: outcome.reason, link: link.slice(0, 80) }, 'link not offered');
      return reply.code(400).send(`Not dialled: ${outcome.reason}`);
    }
    events.emit('phone/command', outcome.command);
    return reply.code(202).send(`b24phone asks the agent to confirm a call to ${outcome.command.number}`);
  });
}
