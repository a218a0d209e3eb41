import { crmMethods } from './crm';
import { eventMethods } from './events';
import type { MethodDefinition } from './method';
import { systemMethods } from './system';
import { telephonyCallMethods } from './telephony-calls';
import { telephonyLineMethods } from './telephony-lines';
import { telephonyRecordMethods } from './telephony-records';
import { userMethods } from './users';

/** Every REST method the emulator answers, by lower-case name. Anything else: ERROR_METHOD_NOT_FOUND. */
export function buildRegistry(): ReadonlyMap<string, MethodDefinition> {
  const definitions: MethodDefinition[] = [
    ...telephonyCallMethods,
    ...telephonyLineMethods,
    ...telephonyRecordMethods,
    ...userMethods,
    ...crmMethods,
    ...eventMethods,
    ...systemMethods,
  ];
  return new Map(definitions.map((definition) => [definition.name, definition]));
}
