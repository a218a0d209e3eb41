import { app } from 'electron';
import type { Logger } from '../services/log/logger';
import { deepLinkInArgv, deepLinkSchemes, parseDeepLink } from '../../common/phone/deep-link';
import type { PhoneCommandChannel } from './phone-command-channel';

/**
 * tel:, callto: and sip: links dial in the running instance. The app registers itself for the
 * three schemes; a link reaches it as 'open-url' on macOS, and as an argument of a launch elsewhere
 * (the first launch's own argv, or a second launch's argv handed over by single-instance.ts).
 * Returns the handler for such argument lists.
 */
export function setupDeepLinks(options: {
  commands: PhoneCommandChannel;
  showWindow: () => void;
  log: Logger;
}): (argv: readonly string[]) => void {
  const open = (link: string) => {
    const outcome = parseDeepLink(link);
    if (outcome.kind === 'refused') {
      options.log.warn({ reason: outcome.reason, link: link.slice(0, 80) }, 'link not dialled');
      return;
    }
    options.showWindow();
    options.commands.send(outcome.command);
  };
  registerSchemes(options.log);
  // macOS delivers links as events, possibly before the app is ready; the channel holds them.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    open(url);
  });
  const openFromArgv = (argv: readonly string[]) => {
    const link = deepLinkInArgv(argv);
    if (link !== null) open(link);
  };
  openFromArgv(process.argv);
  return openFromArgv;
}

function registerSchemes(log: Logger): void {
  for (const scheme of deepLinkSchemes) {
    // Unpackaged (electron .), the OS must start Electron with our app folder; `--` ends the
    // options, so a crafted link can never be read as a Chromium or Electron switch.
    const registered = app.isPackaged
      ? app.setAsDefaultProtocolClient(scheme)
      : app.setAsDefaultProtocolClient(scheme, process.execPath, [app.getAppPath(), '--']);
    if (!registered) log.warn({ scheme }, 'could not register as the handler for a link scheme');
  }
}
