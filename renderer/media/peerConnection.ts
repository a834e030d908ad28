// Small helpers over RTCPeerConnection that the answered and the offered media share.

const GATHERING_TIMEOUT_MS = 10_000;

/** A new offer from the other side crossed one of ours. */
export class RenegotiationConflictError extends Error {
  override name = 'RenegotiationConflictError';
}

/** The sender of a transceiver that sends `kind` (none while this side holds: resuming puts the track back). */
export function sending(pc: RTCPeerConnection, kind: 'audio' | 'video'): RTCRtpSender | undefined {
  return pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.direction === 'sendrecv')?.sender;
}

/** UCWA does not trickle ICE: a description is only usable once gathering is complete. */
export function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, GATHERING_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', check);
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
  });
}
