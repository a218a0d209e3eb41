import { normaliseMethodName } from '../faults';
import type { ParamMap, ParamValue } from '../state/model';
import type { Portal } from '../state/portal';
import { parsePhpQuery, phpBool } from './php-params';
import type { MethodOutcome } from './method-outcome';
import { RestError } from './rest-error';

export const maxBatchCommands = 50;

type BatchMap = Record<string, unknown>;

export interface BatchResult {
  result: BatchMap | unknown[];
  result_error: BatchMap | unknown[];
  result_total: BatchMap | unknown[];
  result_next: BatchMap | unknown[];
  result_time: BatchMap | unknown[];
}

const referencePattern = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

/**
 * `batch`: up to 50 commands `method?urlencoded-query`, run in order with the caller's
 * authorisation, `halt` stopping at the first error, `$result[key][FIELD]...` replaced by earlier
 * results. The request itself always answers 200; each command's error goes to `result_error`.
 */
export async function runBatch(
  portal: Portal,
  params: ParamMap,
  run: (method: string, params: ParamMap) => Promise<MethodOutcome>,
): Promise<{ ok: true; result: BatchResult } | { ok: false; error: RestError }> {
  const commands = commandEntries(params.cmd);
  const halt = phpBool(params.halt, false);
  if (commands.length > maxBatchCommands && portal.config.ambiguities.batchOverLimit === 'reject') {
    return {
      ok: false,
      error: new RestError('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400),
    };
  }
  const result: BatchMap = {};
  const resultError: BatchMap = {};
  const resultTotal: BatchMap = {};
  const resultNext: BatchMap = {};
  const resultTime: BatchMap = {};
  for (const [index, [key, row]] of commands.entries()) {
    if (index >= maxBatchCommands) {
      resultError[key] = {
        error: 'ERROR_BATCH_LENGTH_EXCEEDED',
        error_description: 'Max batch length exceeded',
      };
      continue;
    }
    const { method, commandParams } = parseCommand(row);
    const substituted = substitute(commandParams, result) as ParamMap;
    const outcome: MethodOutcome =
      method === 'batch'
        ? {
            ok: false,
            error: new RestError(
              'ERROR_BATCH_METHOD_NOT_ALLOWED',
              'Method is not allowed for batch usage',
              405,
            ),
          }
        : await run(method, substituted);
    if (outcome.ok) {
      result[key] = outcome.result;
      resultTime[key] = outcome.time;
      if (outcome.total !== null) resultTotal[key] = outcome.total;
      if (outcome.next !== null) resultNext[key] = outcome.next;
    } else {
      const code =
        outcome.error.kind === 'method' && portal.config.ambiguities.blankErrorCodes === 'method-errors'
          ? ''
          : outcome.error.code;
      resultError[key] = { error: code, error_description: outcome.error.description };
      if (halt) break;
    }
  }
  return {
    ok: true,
    result: {
      result: phpArray(result),
      result_error: phpArray(resultError),
      result_total: phpArray(resultTotal),
      result_next: phpArray(resultNext),
      result_time: phpArray(resultTime),
    },
  };
}

function commandEntries(cmd: ParamValue | undefined): [string, ParamValue][] {
  if (Array.isArray(cmd)) return cmd.map((row, index) => [String(index), row]);
  if (cmd !== null && typeof cmd === 'object') return Object.entries(cmd);
  return [];
}

function parseCommand(row: ParamValue): { method: string; commandParams: ParamMap } {
  const text = typeof row === 'string' ? row : '';
  const question = text.indexOf('?');
  const method = normaliseMethodName(question >= 0 ? text.slice(0, question) : text);
  const commandParams = parsePhpQuery(question >= 0 ? text.slice(question + 1) : '');
  delete commandParams.auth;
  return { method, commandParams };
}

function substitute(value: ParamValue, results: BatchMap): ParamValue {
  if (Array.isArray(value)) return value.map((item) => substitute(item, results));
  if (value !== null && typeof value === 'object') {
    const copy: ParamMap = {};
    for (const [key, item] of Object.entries(value)) copy[key] = substitute(item, results);
    return copy;
  }
  if (typeof value !== 'string' || !value.includes('$result[')) return value;
  const whole = new RegExp(`^${referencePattern.source}$`).exec(value);
  if (whole) {
    const found = lookup(results, whole[1] ?? '', whole[2] ?? '');
    if (found !== undefined) return toParam(found);
  }
  return value.replace(referencePattern, (match: string, key: string, path: string) => {
    const found = lookup(results, key, path);
    if (typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean')
      return String(found);
    return match;
  });
}

function lookup(results: BatchMap, key: string, path: string): unknown {
  let node: unknown = results[key];
  for (const segment of path.match(/\[([^\]]*)\]/g) ?? []) {
    const name = segment.slice(1, -1);
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}

function toParam(value: unknown): ParamValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Array.isArray(value)) return value.map(toParam);
  if (typeof value === 'object') {
    const copy: ParamMap = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) copy[key] = toParam(item);
    return copy;
  }
  return '';
}

/** How PHP's json_encode prints an array: `[]` when empty, a list when keyed 0..n-1, else an object. */
function phpArray(map: BatchMap): BatchMap | unknown[] {
  const keys = Object.keys(map);
  if (keys.length === 0) return [];
  if (keys.every((key, index) => key === String(index))) return keys.map((key) => map[key]);
  return map;
}
