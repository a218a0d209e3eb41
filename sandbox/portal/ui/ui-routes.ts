import type { FastifyInstance } from 'fastify';
import type { Portal } from '../state/portal';
import { cardsFragment, cardsPage } from './cards-page';
import { callbackPage, crmPage } from './crm-page';
import { eventsPage, statisticsPage } from './statistics-page';

/** The pages a person watches while the demo runs. Plain server-rendered HTML with a little script. */
export function registerUiRoutes(app: FastifyInstance, portal: Portal): void {
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(crmPage(portal)));
  app.get('/ui/crm', (_request, reply) => reply.type('text/html; charset=utf-8').send(crmPage(portal)));
  app.get('/ui/callback', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(callbackPage(portal)),
  );
  app.get('/ui/cards', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(cardsPage(portal, null)),
  );
  app.get<{ Params: { userId: string } }>('/ui/cards/:userId', (request, reply) => {
    if (request.params.userId === 'fragment') return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').send(cardsPage(portal, Number(request.params.userId)));
  });
  app.get<{ Querystring: { user?: string } }>('/ui/cards/fragment', (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(cardsFragment(portal, request.query.user ? Number(request.query.user) : null)),
  );
  app.get('/ui/statistics', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(statisticsPage(portal)),
  );
  app.get('/ui/events', (_request, reply) => reply.type('text/html; charset=utf-8').send(eventsPage(portal)));
}
