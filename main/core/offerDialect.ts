// Which dialect a call placed here is offered in. Skype for Business and Lync clients and the Mediation
// Server (every PSTN call) take only SDES-SRTP with ICE (ucwa-protocol.md §5), so an audio call goes in
// that dialect, its offer made by the media bridge: every `tel:` number, and SIP addresses on a server not
// known to take the WebRTC dialect. A video call goes in the WebRTC dialect (the window's own DTLS-SRTP
// offer): the bridge carries audio only, and Skype for Business video (X-H264UC, RTVideo) is not a
// browser's. The embedded local service is known to take WebRTC: its callees are WebRTC peers, but one.
import { asCallTarget, type CallTarget } from '../calls/callTargets.js';

export type Dialect = 'webRtc' | 'skypeForBusiness';

/** The dialect of a call to `to` (refused with a CallTargetError when it is no address or number). */
export function offerDialect(to: string | CallTarget, video: boolean, audioDialect: Dialect): Dialect {
  const { uri } = asCallTarget(to);
  if (video) return 'webRtc';
  return uri.startsWith('tel:') ? 'skypeForBusiness' : audioDialect;
}
