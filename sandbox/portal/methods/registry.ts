import type { MethodDefinition } from './method';
import { telephonyCallMethods } from './telephony-calls';

/** Every REST method the emulator answers, by lower-case name. Anything else: ERROR_METHOD_NOT_FOUND. */
export function buildRegistry(): ReadonlyMap<string, MethodDefinition> {
  const definitions: MethodDefinition[] = [...telephonyCallMethods];
  return new Map(definitions.map((definition) => [definition.name, definition]));
}
