// The page's audio in a call, for end-to-end tests: the page sends a known 1 kHz tone (an oscillator put on
// its sender once the call is up) rather than the fake microphone: Chromium's fake device beeps for 20 ms
// every half second near 400 Hz, too sparse and too close to the other side's 440 Hz to tell the two
// directions apart, while a steady tone of its own frequency cannot be confused with theirs coming back.
import type { Page } from 'playwright-core';

export const PAGE_TONE_HZ = 1000;

type PageWindow = { __peerConnections: RTCPeerConnection[]; __remoteAudio?: { analyser: AnalyserNode; context: AudioContext } };

/** Puts a 1 kHz oscillator on the page's audio sender, once the app has put the microphone there. */
export function sendPageTone(page: Page): Promise<boolean> {
  return page.evaluate(async (frequency) => {
    const pc = (window as unknown as PageWindow).__peerConnections.find((candidate) => candidate.connectionState === 'connected');
    const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'audio');
    if (!sender) return false;
    const context = new AudioContext();
    const oscillator = new OscillatorNode(context, { frequency });
    const destination = context.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    await sender.replaceTrack(destination.stream.getAudioTracks()[0] ?? null);
    return true;
  }, PAGE_TONE_HZ);
}

/**
 * The last 4096 samples of the remote audio as the page decodes it (WebAudio), and their rate; no samples
 * while no connection is up yet (an answer shown before ICE and DTLS are through), so callers wait on.
 */
export function pageHears(page: Page): Promise<{ samples: number[]; sampleRate: number }> {
  return page.evaluate(async () => {
    const probe = window as unknown as PageWindow;
    if (!probe.__remoteAudio) {
      const pc = probe.__peerConnections.find((candidate) => candidate.connectionState === 'connected');
      const track = pc?.getReceivers().find((receiver) => receiver.track.kind === 'audio')?.track;
      if (!track) return { samples: [], sampleRate: 0 };
      const context = new AudioContext();
      const analyser = new AnalyserNode(context, { fftSize: 4096 });
      context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      probe.__remoteAudio = { analyser, context };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { analyser, context } = probe.__remoteAudio;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    return { samples: [...samples], sampleRate: context.sampleRate };
  });
}
