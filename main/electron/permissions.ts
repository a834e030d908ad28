import type { Session } from 'electron';
import { APP_ORIGIN } from './appProtocol.js';

const GRANTED = new Set(['media']);

/** Microphone and camera for the app's own pages; everything else, and every other origin, is refused. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(GRANTED.has(permission) && details.requestingUrl.startsWith(`${APP_ORIGIN}/`));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return GRANTED.has(permission) && requestingOrigin === APP_ORIGIN;
  });
}
