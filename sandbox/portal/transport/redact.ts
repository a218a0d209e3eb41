import type { ParamMap, ParamValue } from '../state/model';

/**
 * Parameters as the request log keeps them: the access token hidden, base64 file content
 * summarised (a recording would otherwise fill the log).
 */
export function redactParams(params: ParamMap): ParamMap {
  const result: ParamMap = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() === 'auth' && typeof value === 'string') result[key] = `${value.slice(0, 4)}…`;
    else result[key] = summarise(key, value);
  }
  return result;
}

function summarise(key: string, value: ParamValue): ParamValue {
  if (typeof value === 'string' && key.toUpperCase() === 'FILE_CONTENT' && value.length > 64) {
    return `<${value.length} base64 characters>`;
  }
  if (Array.isArray(value)) return value.map((item) => summarise('', item));
  if (value !== null && typeof value === 'object') {
    const result: ParamMap = {};
    for (const [child, item] of Object.entries(value)) result[child] = summarise(child, item);
    return result;
  }
  return value;
}
