import { session } from 'electron';
import { lookup } from 'node:dns/promises';
import type { Settings } from '../../common/settings/settings';
import type { Logger } from '../services/log/logger';
import { pbxWebSocketOrigin } from './content-security-policy';
import {
  addressSpaceOf,
  addressSpaceOfName,
  permissionsForSpaces,
  type LocalNetworkPermission,
} from './local-network-policy';
import { permissionDecision } from './permission-policy';
import type { WatchedValue } from './watched-value';

/**
 * Answers every permission request and check of the page with permission-policy.ts: the
 * microphone for our own origin, and the local-network permission the configured PBX's address
 * needs (local-network-policy.ts), nothing else. Device choosers (HID, USB, serial) are refused too.
 */
export function setupPermissions(settings: WatchedValue<Settings>, log: Logger): void {
  let localNetwork: ReadonlySet<LocalNetworkPermission> = new Set();
  let asked = 0;
  const follow = (current: Settings) => {
    const host = pbxHost(current);
    const known = host === null ? 'public' : addressSpaceOfName(host);
    localNetwork = permissionsForSpaces(known === null ? [] : [known]);
    if (known !== null || host === null) return;
    // A PBX named in DNS: its addresses decide. Until they are known the page waits like for a
    // slow server (sip.js retries the WebSocket).
    const question = (asked += 1);
    lookup(host, { all: true })
      .then((addresses) => {
        if (question !== asked) return;
        localNetwork = permissionsForSpaces(addresses.map((entry) => addressSpaceOf(entry.address)));
      })
      .catch((error: unknown) =>
        log.warn({ err: error, host }, 'PBX host not resolved for its address space'),
      );
  };
  follow(settings.get());
  settings.subscribe(follow);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(
      permissionDecision({
        permission,
        requestingUrl: details.requestingUrl,
        mediaTypes,
        isMainFrame: details.isMainFrame,
        localNetwork,
      }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision({
      permission,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
      mediaTypes: details.mediaType === undefined ? [] : [details.mediaType],
      isMainFrame: details.isMainFrame,
      localNetwork,
    }),
  );
  ses.setDevicePermissionHandler(() => false);
}

function pbxHost(settings: Settings): string | null {
  const origin = pbxWebSocketOrigin(settings);
  return origin === null ? null : new URL(origin).hostname;
}
