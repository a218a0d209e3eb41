/**
 * Where the app's own page lives: a privileged custom scheme served from the built renderer
 * (app-protocol.ts), not file://. A stable origin lets the shell recognise its own frames, set
 * the CSP as a response header and grant the microphone to exactly one origin.
 */
export const appScheme = 'app';
export const appHost = 'b24phone';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

/**
 * True when `url` belongs to our own origin. Compared by scheme and host because the WHATWG URL
 * parser gives custom schemes the opaque origin "null", which would match any other opaque origin.
 */
export function isAppUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === `${appScheme}:` && parsed.host === appHost && parsed.username === '';
}
