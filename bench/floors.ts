// What the same Chromium needs at least, measured the same way as the app: the baselines of ring latency
// and click to answer.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PageClock } from './clock.js';
import type { FloorPage } from './floorPage.js';

const FRAME_MS = 1000 / 60;

/**
 * A bare long-poll: the page holds `fetch('/poll')`; on the release it reads the body, appends a div and
 * marks the next animation frame. ms from the release (Node) to that frame (page, on Node's clock). Each
 * release waits one to two frames at random, so releases fall at every phase of a frame, as rings do.
 */
export async function longPollFloor(floor: FloorPage, clock: PageClock, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const painted = floor.page.evaluate(async () => {
      await (await fetch('/poll')).text();
      document.body.append(Object.assign(document.createElement('div'), { textContent: 'Ringing' }));
      return new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    });
    await floor.polled();
    await sleep(FRAME_MS + Math.random() * FRAME_MS);
    const releasedAt = floor.release();
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
