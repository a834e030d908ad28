// Which permission requests and checks the app grants: the microphone and camera ('media') to the app's
// own top-level pages, nothing else to anyone. Pure, so it is tested in Node; permissions.ts installs it.
import { APP_ORIGIN, isAppPageUrl } from './appOrigin.js';

export type PermissionRequestDetails = {
  requestingUrl: string;
  isMainFrame: boolean;
  /** For 'media': the microphone is 'audio', the camera 'video'. */
  mediaTypes?: readonly string[];
};

export function grantsPermissionRequest(permission: string, details: PermissionRequestDetails): boolean {
  return (
    permission === 'media' &&
    details.isMainFrame &&
    isAppPageUrl(details.requestingUrl) &&
    (details.mediaTypes ?? []).every((type) => type === 'audio' || type === 'video')
  );
}

/** Permission checks (device labels, setSinkId) pass the requesting origin only. */
export function grantsPermissionCheck(permission: string, requestingOrigin: string): boolean {
  return permission === 'media' && requestingOrigin === APP_ORIGIN;
}
