import type { MethodDefinition } from './method';
import { method } from './method';
import { callingApp } from './require-app';

export const systemMethods: MethodDefinition[] = [
  method('scope', {}, (context) => context.auth.scope),
  method('server.time', {}, (context) => context.portal.portalTime(context.portal.now())),
  method('app.info', { appOnly: true }, (context) => {
    const app = callingApp(context);
    return {
      ID: app.ID,
      CODE: app.clientId,
      VERSION: Number(app.version),
      STATUS: app.status,
      INSTALLED: app.installed,
      PAYMENT_EXPIRED: 'N',
      DAYS: null,
      LANGUAGE_ID: 'en',
      LICENSE: 'en_project',
      LICENSE_TYPE: 'project',
      LICENSE_FAMILY: 'project',
    };
  }),
];
