// Which permission requests and checks the app grants: the microphone and camera ('media') and writing
// text to the clipboard (a meeting's join link; never reading it) to the app's own top-level pages,
// nothing else to anyone. Pure, so it is tested in Node; permissions.ts installs it.
import { APP_ORIGIN, isAppPageUrl } from './appOrigin.js';

export type PermissionRequestDetails = {
  requestingUrl: string;
  isMainFrame: boolean;
  /** For 'media': the microphone is 'audio', the camera 'video'. */
  mediaTypes?: readonly string[];
};

const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

export function grantsPermissionRequest(permission: string, details: PermissionRequestDetails): boolean {
  if (!details.isMainFrame || !isAppPageUrl(details.requestingUrl)) return false;
  return permission === CLIPBOARD_WRITE || (permission === 'media' && (details.mediaTypes ?? []).every((type) => type === 'audio' || type === 'video'));
}

/** Permission checks (device labels, setSinkId, writing the clipboard) pass the requesting origin only. */
export function grantsPermissionCheck(permission: string, requestingOrigin: string): boolean {
  return (permission === 'media' || permission === CLIPBOARD_WRITE) && requestingOrigin === APP_ORIGIN;
}
