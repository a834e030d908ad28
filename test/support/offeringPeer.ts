// The renderer's side of a call or a meeting's audio and video, played by werift in Node: it offers audio
// (and video) sendrecv, sends the test signal once connected, counts what it receives and keeps what it hears.
import alawmulaw from 'alawmulaw';
import { afterEach } from 'vitest';
import { MediaStreamTrack, type RTCPeerConnection } from 'werift';
import { countReceivedRtp, createTestSignalPeer, gatheredLocalSdp, receivePcmu, type MediaCounts } from '../../main/local/media/loopbackPeer.js';
import { PCMU_SAMPLE_RATE } from '../../main/local/media/pcmu.js';
import { TestSignal } from '../../main/local/media/testSignal.js';
import { toneShare } from './goertzel.js';

/** The PCMU packets heard that heardShare looks at: the last second. */
const HEARD_PACKETS = 50;

export type OfferingPeer = {
  pc: RTCPeerConnection;
  received: MediaCounts;
  offerSdp: string;
  /** The share of the last second heard that is a tone at `frequency` (Goertzel). */
  heardShare(frequency: number): number;
  close(): Promise<void>;
};

/** For the tests of one file: the returned function makes an offering peer, closed after each test. */
export function offeringPeersPerTest(): (options?: { video?: boolean }) => Promise<OfferingPeer> {
  const peers: OfferingPeer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  return async (options) => {
    const peer = await offeringPeer(options);
    peers.push(peer);
    return peer;
  };
}

async function offeringPeer({ video = true } = {}): Promise<OfferingPeer> {
  const pc = createTestSignalPeer();
  const signal = new TestSignal();
  const heard: Buffer[] = [];
  const peer: OfferingPeer = {
    pc,
    received: { audio: 0, video: 0 },
    offerSdp: '',
    heardShare: (frequency) => toneShare(alawmulaw.mulaw.decode(Buffer.concat(heard.slice(-HEARD_PACKETS))), PCMU_SAMPLE_RATE, frequency),
    close: async () => {
      signal.stop();
      await pc.close();
    },
  };
  countReceivedRtp(pc, peer.received);
  receivePcmu(pc, (payload) => heard.push(payload));
  const tracks = { audio: new MediaStreamTrack({ kind: 'audio' }), ...(video && { video: new MediaStreamTrack({ kind: 'video' }) }) };
  for (const track of Object.values(tracks)) pc.addTransceiver(track, { direction: 'sendrecv' });
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') signal.start(tracks);
  });
  await pc.setLocalDescription(await pc.createOffer());
  peer.offerSdp = await gatheredLocalSdp(pc);
  return peer;
}
