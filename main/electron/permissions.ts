import type { Session } from 'electron';
import { grantsPermissionCheck, grantsPermissionRequest } from './permissionPolicy.js';

/** Microphone and camera for the app's own pages (permissionPolicy.ts); everything else, and every other origin, is refused. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const { requestingUrl, isMainFrame } = details;
    callback(grantsPermissionRequest(permission, { requestingUrl, isMainFrame, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined }));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => grantsPermissionCheck(permission, requestingOrigin));
  // The app uses no HID, serial or USB device and shares no screen: none is granted, whoever asks.
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
