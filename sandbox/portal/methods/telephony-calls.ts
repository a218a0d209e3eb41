import { setCardVisibility } from '../telephony/call-cards';
import { finishCall } from '../telephony/finish-call';
import { registerCall } from '../telephony/register-call';
import { searchCrmEntities } from '../telephony/search-crm-entities';
import { attachTranscription } from '../telephony/transcription';
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
  method('telephony.externalCall.searchCrmEntities', telephony, (context) =>
    searchCrmEntities(context.portal, context.params),
  ),
  method('telephony.call.attachTranscription', telephony, (context) =>
    attachTranscription(context.portal, context.params),
  ),
];
