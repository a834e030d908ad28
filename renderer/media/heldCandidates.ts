// An offer's ICE candidates, held back from a connection prepared while the call rings. Given them, the
// prepared connection starts its connectivity checks and DTLS handshake at once, long before the caller
// has the answer: the caller cannot complete either yet, and DTLS retransmits with a timer that doubles
// each time (50 ms up to seconds), so after a long ring the handshake waited seconds for its next try.
// Given at answer time instead, checks and handshake start when the caller can take them.

export type HeldCandidates = {
  /** The offer without its `a=candidate` and `a=end-of-candidates` lines. */
  offerSdp: string;
  candidates: RTCIceCandidateInit[];
};

/** Splits the offer's candidates from it, each with its m-line's index and mid. */
export function holdBackCandidates(offerSdp: string): HeldCandidates {
  const kept: string[] = [];
  const candidates: RTCIceCandidateInit[] = [];
  let mLineIndex = -1;
  let section: string[] = [];
  const endSection = () => {
    if (mLineIndex < 0) return;
    const mid = section.find((line) => line.startsWith('a=mid:'))?.slice('a=mid:'.length);
    for (const line of section) {
      if (line.startsWith('a=candidate:'))
        candidates.push({ candidate: line.slice('a='.length), sdpMLineIndex: mLineIndex, ...(mid !== undefined && { sdpMid: mid }) });
    }
  };
  for (const line of offerSdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      endSection();
      mLineIndex++;
      section = [];
    }
    section.push(line);
    if (!line.startsWith('a=candidate:') && line !== 'a=end-of-candidates') kept.push(line);
  }
  endSection();
  return { offerSdp: kept.join('\r\n'), candidates };
}
