import { session } from 'electron';
import { permissionDecision } from './permission-policy';

/**
 * Answers every permission request and check of the page with permission-policy.ts: the
 * microphone for our own origin, nothing else. Device choosers (HID, USB, serial) are refused too.
 */
export function setupPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(
      permissionDecision({
        permission,
        requestingUrl: details.requestingUrl,
        mediaTypes,
        isMainFrame: details.isMainFrame,
      }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision({
      permission,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
      mediaTypes: details.mediaType === undefined ? [] : [details.mediaType],
      isMainFrame: details.isMainFrame,
    }),
  );
  ses.setDevicePermissionHandler(() => false);
}
