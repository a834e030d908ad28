// A Skype for Business call through the core's media bridge, in Node: the SfB-dialect caller on one side
// and, on the other, a werift peer standing in for the renderer, which answers the bridge's WebRTC offer
// through the core as the renderer does.
import alawmulaw from 'alawmulaw';
import { MediaStreamTrack, RTCRtpCodecParameters } from 'werift';
import type { BridgeStats } from '../../main/bridge/mediaBridge.js';
import { hearDigits, receivePcmu } from '../../main/local/media/loopbackPeer.js';
import { PCMU_PAYLOAD_TYPE, PCMU_SAMPLE_RATE, SAMPLES_PER_PACKET } from '../../main/local/media/pcmu.js';
import { TestSignal } from '../../main/local/media/testSignal.js';
import { ToneSource } from '../../main/local/media/tone.js';
import type { Core } from '../../main/core/core.js';
import { createLoopbackPeer, gatheredLocalSdp } from '../../main/webrtc/loopbackPeer.js';
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { toneShare } from './goertzel.js';
import { eventually } from './localServer.js';
import { SfbCaller, type SfbCallOptions } from './sfbCaller.js';
import { keyPressPackets } from './telephoneEvents.js';

export const RENDERER_TONE_HZ = 1000;

export type RendererStandIn = ReturnType<typeof rendererStandIn>;

/**
 * The renderer's side in werift: PCMU (and telephone-event, as Chromium, if asked), a 1 kHz tone once
 * connected, and what it hears, decoded.
 */
export function rendererStandIn({ telephoneEvent = false } = {}) {
  const pc = createLoopbackPeer({
    audio: [
      new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: PCMU_SAMPLE_RATE, channels: 1, payloadType: PCMU_PAYLOAD_TYPE }),
      ...(telephoneEvent ? [new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: PCMU_SAMPLE_RATE, channels: 1, payloadType: 101 })] : []),
    ],
    video: [],
  });
  const heard: number[] = [];
  receivePcmu(pc, (payload) => heard.push(...alawmulaw.mulaw.decode(payload)));
  const digits = hearDigits(pc);
  const signal = new TestSignal(new ToneSource(RENDERER_TONE_HZ));
  const track = new MediaStreamTrack({ kind: 'audio' });
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected') signal.start({ audio: track });
  });
  return {
    /** The share of the last second heard at `frequency` (Goertzel). */
    heardShare: (frequency: number) => toneShare(heard.slice(-PCMU_SAMPLE_RATE), PCMU_SAMPLE_RATE, frequency),
    /** The DTMF digits heard (RFC 4733), in order. */
    digits: () => digits.digits,
    /** Answers the bridge's offer for `call` through the core, as the renderer does; `alterAnswer` spoils it. */
    answer: async (core: Core, call: CallSnapshot, alterAnswer = (sdp: string) => sdp) => {
      await pc.setRemoteDescription({ type: 'offer', sdp: call.offerSdp ?? '' });
      // werift would ask stun.l.google.com while gathering; nothing here leaves the machine.
      for (const transport of pc.iceTransports) transport.connection.stunServer = undefined;
      for (const transceiver of pc.getTransceivers()) await transceiver.sender.replaceTrack(track);
      await pc.setLocalDescription(await pc.createAnswer());
      await core.answer(call.id, alterAnswer(await gatheredLocalSdp(pc)));
    },
    /** Holds (sendonly) or resumes (sendrecv) through the core, as the renderer does: a new offer, then the answer. */
    offerAgain: async (core: Core, call: CallSnapshot, direction: 'sendonly' | 'sendrecv') => {
      for (const transceiver of pc.getTransceivers()) transceiver.setDirection(direction);
      await pc.setLocalDescription(await pc.createOffer());
      const answer = await core.renegotiate(call.id, await gatheredLocalSdp(pc));
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      return answer;
    },
    /**
     * Sends `keys` as DTMF, as Chromium does (RFC 4733): the tone stops, then each key press's reports in the
     * audio stream's SSRC and sequence numbers, on the telephone-event payload type the bridge offered.
     */
    sendKeys: async (keys: string) => {
      signal.stop();
      const transceiver = pc.getTransceivers()[0]!;
      const telephoneEvent = transceiver.codecs.find((codec) => codec.mimeType.toLowerCase() === 'audio/telephone-event');
      if (!telephoneEvent) throw new Error('telephone-event was not negotiated');
      // werift keeps where its sender's stream is (the last packet sent) in private fields; the key presses continue it.
      const { sequenceNumber, timestamp } = transceiver.sender as unknown as { sequenceNumber: number; timestamp: number };
      const stream = { ssrc: transceiver.sender.ssrc, sequenceNumber: sequenceNumber + 1, timestamp: timestamp + SAMPLES_PER_PACKET };
      for (const { header, payload } of keyPressPackets(keys, telephoneEvent.payloadType, stream)) {
        await transceiver.dtlsTransport.sendRtp(payload, header);
      }
    },
    close: async () => {
      signal.stop();
      await pc.close();
    },
  };
}

/** The call that rings once its bridge is ready, with the bridge's offer in place of the caller's. */
export function bridgedRing(core: Core): Promise<CallSnapshot> {
  return eventually('the call to ring with the bridge’s offer', () =>
    core.snapshot().calls.find((call) => call.phase === 'ringing' && call.offerSdp?.includes('a=x-softphone-bridge:sfb')),
  );
}

/**
 * For the bench: one call through the bridge lasting `seconds` once media flows. Gives the bridge's time per
 * packet each way (p50, p99: from a packet reaching the bridge to its copy leaving for the other leg) and
 * its busy time, and the process's CPU time over those seconds, the caller and stand-in included.
 */
export async function measureBridgedCall(core: Core, seconds: number, options: SfbCallOptions = {}): Promise<{ stats: BridgeStats; processCpuMs: number }> {
  const caller = await SfbCaller.call(core.localService!, options);
  const renderer = rendererStandIn();
  try {
    const call = await bridgedRing(core);
    await renderer.answer(core, call);
    await caller.connected;
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(cpu);
    const stats = core.bridgeStats(call.id);
    if (!stats) throw new Error('The call was not bridged');
    await core.calls.hangUp(call.id);
    return { stats, processCpuMs: (used.user + used.system) / 1000 };
  } finally {
    await Promise.all([caller.close(), renderer.close()]);
  }
}
