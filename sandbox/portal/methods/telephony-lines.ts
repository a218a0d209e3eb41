import { addLine, deleteLine, listLines, updateLine } from '../telephony/external-lines';
import type { MethodDefinition } from './method';
import { method } from './method';
import { callingApp } from './require-app';

const appTelephony = { scopes: ['telephony'], appOnly: true };

export const telephonyLineMethods: MethodDefinition[] = [
  method('telephony.externalLine.add', appTelephony, (context) =>
    addLine(context.portal, callingApp(context), context.params),
  ),
  method('telephony.externalLine.get', appTelephony, (context) =>
    listLines(context.portal, callingApp(context)),
  ),
  method('telephony.externalLine.update', appTelephony, (context) =>
    updateLine(context.portal, callingApp(context), context.params),
  ),
  method('telephony.externalLine.delete', appTelephony, (context) =>
    deleteLine(context.portal, callingApp(context), context.params),
  ),
];
