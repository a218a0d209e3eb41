import type { App } from '../state/model';
import { systemErrors } from '../transport/rest-error';
import type { MethodContext } from './method';

/** The calling application (app-only methods are refused for webhooks before they run). */
export function callingApp(context: MethodContext): App {
  if (!context.auth.app)
    throw systemErrors.wrongAuthType(context.portal.config.ambiguities.wrongAuthTypeStatus);
  return context.auth.app;
}
