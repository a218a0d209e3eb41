import { finishCall, registerCall, setCardVisibility } from '../telephony/calls';
import type { MethodDefinition } from './method';
import { method } from './method';
import { callingApp } from './require-app';

const telephony = { scopes: ['telephony'] };

export const telephonyCallMethods: MethodDefinition[] = [
  method('telephony.externalCall.register', { ...telephony, appOnly: true }, (context) =>
    registerCall(context.portal, callingApp(context), context.params),
  ),
  method('telephony.externalCall.finish', { ...telephony, appOnly: true }, (context) =>
    finishCall(context.portal, callingApp(context), context.params),
  ),
  method('telephony.externalCall.show', telephony, (context) =>
    setCardVisibility(context.portal, context.params, true),
  ),
  method('telephony.externalCall.hide', telephony, (context) =>
    setCardVisibility(context.portal, context.params, false),
  ),
];
