import sdpTransform from 'sdp-transform';

/** Whether a body the user sent as SDP looks like one: a session with at least one media line. */
export function isPlausibleSdp(sdp: string): boolean {
  if (!sdp.startsWith('v=0')) return false;
  try {
    return sdpTransform.parse(sdp).media.length > 0;
  } catch {
    return false;
  }
}
