/** What a `/rest/...` path names: the method, and the webhook credentials when it is one. */
export interface RestPath {
  method: string;
  /** The method as written (without `.json`), for error messages. */
  rawMethod: string;
  webhook: { userId: number; code: string } | null;
  /** `.xml` answers are not emulated. */
  format: 'json' | 'xml';
}

/**
 * `/rest/{method}`, `/rest//{method}` (the SDK's double slash), `/rest/{method}.json` and inbound
 * webhooks `/rest/{user}/{code}/{method}`. Method names are case-insensitive.
 */
export function parseRestPath(pathname: string): RestPath | null {
  if (!pathname.startsWith('/rest/')) return null;
  const segments = pathname
    .slice('/rest/'.length)
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  let webhook: RestPath['webhook'] = null;
  let name: string | undefined;
  if (segments.length === 1) {
    name = segments[0];
  } else if (segments.length === 3 && /^\d+$/.test(segments[0] ?? '')) {
    webhook = { userId: Number(segments[0]), code: segments[1] ?? '' };
    name = segments[2];
  } else {
    return null;
  }
  if (!name) return null;
  let format: RestPath['format'] = 'json';
  let rawMethod = name;
  if (/\.json$/i.test(rawMethod)) rawMethod = rawMethod.slice(0, -'.json'.length);
  else if (/\.xml$/i.test(rawMethod)) {
    rawMethod = rawMethod.slice(0, -'.xml'.length);
    format = 'xml';
  }
  return { method: rawMethod.toLowerCase(), rawMethod, webhook, format };
}
