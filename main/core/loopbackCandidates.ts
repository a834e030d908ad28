// WebRTC toward a remote peer (a call the renderer answers itself, not through the media bridge) never
// reaches this machine's loopback. The app runs Chromium with loopback candidates allowed, which the bridge's
// leg to the renderer needs, so a remote SDP's candidates on 127.0.0.1 or ::1 would aim the renderer's ICE
// checks at whatever listens there. Bridging takes them out of every remote SDP the renderer gets, unless
// the server is the embedded local service, where every caller is on this machine.
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { isLoopbackAddress } from '../webrtc/loopbackAddress.js';

/** An `a=candidate:` line's connection address: after the foundation, component, transport and priority. */
const CANDIDATE_ADDRESS = /^a=candidate:\S+ \S+ \S+ \S+ (\S+) /i;

/** The SDP without its loopback candidates; every other line as it was. */
export function withoutLoopbackCandidates(sdp: string): string {
  return sdp
    .split('\n')
    .filter((line) => !isLoopbackAddress(CANDIDATE_ADDRESS.exec(line)?.[1] ?? ''))
    .join('\n');
}

/** The call with the remote SDPs it carries (its offer, a new offer, a meeting's or a callee's answer) without loopback candidates. */
export function callWithoutLoopbackCandidates(call: CallSnapshot): CallSnapshot {
  const { offerSdp, renegotiationOffer, meetingMedia, remoteAnswer } = call;
  return {
    ...call,
    ...(offerSdp !== undefined && { offerSdp: withoutLoopbackCandidates(offerSdp) }),
    ...(renegotiationOffer && { renegotiationOffer: { ...renegotiationOffer, sdp: withoutLoopbackCandidates(renegotiationOffer.sdp) } }),
    ...(meetingMedia?.answerSdp !== undefined && { meetingMedia: { ...meetingMedia, answerSdp: withoutLoopbackCandidates(meetingMedia.answerSdp) } }),
    ...(remoteAnswer && { remoteAnswer: { ...remoteAnswer, sdp: withoutLoopbackCandidates(remoteAnswer.sdp) } }),
  };
}
