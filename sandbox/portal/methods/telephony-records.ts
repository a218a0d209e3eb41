import { attachRecord, receiveUpload } from '../telephony/records';
import type { MethodDefinition } from './method';
import { method } from './method';

export const telephonyRecordMethods: MethodDefinition[] = [
  method('telephony.externalCall.attachRecord', { scopes: ['telephony'] }, (context) =>
    attachRecord(context.portal, context.params, {
      accessToken: context.auth.accessToken,
      webhook: context.auth.webhook,
    }),
  ),
  // The uploadUrl of attachRecord: /rest/upload.json?auth=...&token=..., multipart part `file`.
  method('upload', { batchable: false }, (context) =>
    receiveUpload(context.portal, context.params, context.files),
  ),
];
