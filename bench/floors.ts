// What the same Chromium needs at least, measured the same way as the app: the baselines of ring latency,
// click to answer and calling out.
import { setTimeout as sleep } from 'node:timers/promises';
import { AnsweringPeer } from '../main/local/answeringPeer.js';
import { firstTimeThat, type PageClock } from './clock.js';
import type { FloorPage, HeldPoll } from './floorPage.js';

const FRAME_MS = 1000 / 60;
/**
 * How long the floor page draws nothing before each sample. A page that drew a frame moments before waits
 * for the next tick of its frame clock (0–17 ms, measured: samples back to back read 1–21 ms, 50 ms apart
 * 1–4 ms); the ring window, whose last frame was its last call's, does not.
 */
const REST_BEFORE_SAMPLE_MS = 100;

/**
 * A bare long-poll: the page holds `fetch('/poll')`; on the release it reads the body, appends a div and
 * marks the next animation frame. ms from the release (Node) to that frame (page, on Node's clock).
 */
export function longPollFloor(floor: FloorPage, clock: PageClock, count: number): Promise<number[]> {
  return releasesToFrames(floor, clock, count, '/poll', () =>
    floor.page.evaluate(async () => {
      await (await fetch('/poll')).text();
      document.body.append(Object.assign(document.createElement('div'), { textContent: 'Ringing' }));
      return new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    }),
  );
}

type RelayWindow = { __relay: WebSocket };

/**
 * The two hops of the app's ring with none of its work: Node holds a long-poll, reads the JSON released to
 * it and sends it over a WebSocket to the page, which parses it, appends a div and marks the next animation
 * frame (floorPage.ts). The app adds to this the core's handling of the event and its snapshot, the store
 * and the ring card. ms from the release (Node) to that frame (page, on Node's clock), released as
 * longPollFloor's are.
 */
export function relayedLongPollFloor(floor: FloorPage, clock: PageClock, count: number): Promise<number[]> {
  return releasesToFrames(floor, clock, count, '/events', () =>
    floor.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const socket = (window as unknown as RelayWindow).__relay;
          socket.addEventListener(
            'message',
            (event: MessageEvent<string>) => {
              JSON.parse(event.data);
              document.body.append(Object.assign(document.createElement('div'), { textContent: 'Ringing' }));
              requestAnimationFrame(() => resolve(performance.now()));
            },
            { once: true },
          );
          // The server starts Node's long-poll only once the page listens.
          socket.send('armed');
        }),
    ),
  );
}

/**
 * Each sample, after the page rested: `paintedOnRelease` arms the page, the held `path` is released one to
 * two frames after it was held, at random, so that releases fall at every phase of a frame, as rings do; ms
 * from the release to the frame the page marked.
 */
async function releasesToFrames(floor: FloorPage, clock: PageClock, count: number, path: HeldPoll, paintedOnRelease: () => Promise<number>) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(REST_BEFORE_SAMPLE_MS);
    const painted = paintedOnRelease();
    await floor.polled(path);
    await sleep(FRAME_MS + Math.random() * FRAME_MS);
    const releasedAt = floor.release(path);
    samples.push(clock.toNode(await painted) - releasedAt);
  }
  return samples;
}

/**
 * Answering from scratch, in the page alone: getUserMedia, a new RTCPeerConnection, setRemoteDescription
 * of the offer, the tracks added, createAnswer, setLocalDescription and ICE gathering to completion
 * (UCWA does not trickle). ms per answer, on the page's clock.
 */
export async function answerFloor(floor: FloorPage, offerSdp: string, video: boolean, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(
      await floor.page.evaluate(
        async ({ offerSdp, video }) => {
          const started = performance.now();
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
          const pc = new RTCPeerConnection();
          await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          await pc.setLocalDescription(await pc.createAnswer());
          if (pc.iceGatheringState !== 'complete') {
            await new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(undefined)));
          }
          const elapsed = performance.now() - started;
          pc.close();
          for (const track of stream.getTracks()) track.stop();
          return elapsed;
        },
        { offerSdp, video },
      ),
    );
  }
  return samples;
}

type FloorCallWindow = { __floorCall: { pc: RTCPeerConnection; stream: MediaStream } };

/**
 * Calling out from scratch, in the page alone, to the local service's WebRTC callee without the app. The
 * offer: getUserMedia (audio), a new RTCPeerConnection, the track added, createOffer, setLocalDescription
 * and ICE gathering to completion, on the page's clock. Then the callee (AnsweringPeer, as answers@ has)
 * answers, and from its answer in Node to audio both ways: the first audio RTP packet at the callee and
 * in the page (getStats, polled every 10 ms), whichever comes later.
 */
export async function callOutFloor(floor: FloorPage, clock: PageClock): Promise<{ offer: number; answerToAudio: number }> {
  const { offer, offerSdp } = await floor.page.evaluate(async () => {
    const started = performance.now();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve(undefined)));
    }
    Object.assign(window, { __floorCall: { pc, stream } });
    return { offer: performance.now() - started, offerSdp: pc.localDescription!.sdp };
  });
  const callee = new AnsweringPeer(offerSdp);
  try {
    const answerSdp = await callee.answer();
    const answeredAt = performance.now();
    const calleeHeard = firstTimeThat('the page’s audio at the callee', () => callee.received.audio > 0);
    const pageHeard = await floor.page.evaluate(async (answerSdp) => {
      const { pc } = (window as unknown as FloorCallWindow).__floorCall;
      await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
      const heard = async () =>
        [...(await pc.getStats()).values()].some((report) => report.type === 'inbound-rtp' && report.kind === 'audio' && report.packetsReceived > 0);
      const deadline = performance.now() + 10_000;
      while (!(await heard())) {
        if (performance.now() > deadline) throw new Error('No audio from the callee within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return performance.now();
    }, answerSdp);
    return { offer, answerToAudio: Math.max(clock.toNode(pageHeard), await calleeHeard) - answeredAt };
  } finally {
    // Only once both ends have heard each other: the page's audio stops with its connection.
    await floor.page.evaluate(() => {
      const { pc, stream } = (window as unknown as FloorCallWindow).__floorCall;
      pc.close();
      for (const track of stream.getTracks()) track.stop();
    });
    await callee.close();
  }
}
