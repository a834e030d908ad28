// DTMF across the media bridge (issue 15, dial pad): the renderer's RFC 4733 telephone-events reach the
// Skype for Business caller on the caller's own telephone-event payload type, with their SSRC rewritten and
// their sequence numbers, timestamps, marker and payload (end bit included) as they were; and the caller's
// reach the renderer. First the passthrough alone, then whole calls through the core with werift standing
// in for the renderer.
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { RtpHeader, RtpPacket } from 'werift';
import { AudioPassthrough } from '../../main/bridge/passthrough.js';
import { pairCodecs } from '../../main/bridge/passthroughCodecs.js';
import { readSfbOffer } from '../../main/bridge/sfbOffer.js';
import { Core } from '../../main/core/core.js';
import { bridgedRing, RENDERER_TONE_HZ, rendererStandIn } from '../support/bridgedCall.js';
import { eventually } from '../support/localServer.js';
import { SFB_OFFER } from '../support/sdp.js';
import { SFB_CALLER_TONE_HZ, SfbCaller } from '../support/sfbCaller.js';
import { keyPress } from '../support/telephoneEvents.js';

const MEDIA_TIMEOUT_MS = 15_000;

/**
 * An SDP's telephone-event/8000 moved to payload type 70, which WebRTC refuses (it muxes RTCP: RFC 5761 §4),
 * so the renderer's leg must use another one; and a telephone-event/16000 the bridge does not pass.
 */
const telephoneEventAt70 = (sdp: string) =>
  sdp
    .replace(/^(m=audio .*) 101\r$/m, '$1 70 102\r')
    .replace('a=rtpmap:101 telephone-event/8000', 'a=rtpmap:70 telephone-event/8000\r\na=rtpmap:102 telephone-event/16000')
    .replace('a=fmtp:101 ', 'a=fmtp:70 ');

describe('DTMF through the media bridge', () => {
  it('passes each telephone-event packet to the caller on their payload type, as it came', () => {
    const pairs = pairCodecs(readSfbOffer(telephoneEventAt70(SFB_OFFER), { loopbackOnly: false }).codecs);
    const event = pairs.find(({ caller }) => caller.name === 'telephone-event');
    expect(event).toMatchObject({ caller: { payloadType: 70, clockRate: 8000 }, renderer: { payloadType: 96, clockRate: 8000 } });
    expect(pairs.some(({ caller }) => caller.payloadType === 102)).toBe(false);

    const toCaller: Array<{ header: RtpHeader; payload: Buffer }> = [];
    const side = (ssrc: number, sent?: typeof toCaller) => ({
      ssrc,
      cname: 'bridge',
      sendRtp: (header: RtpHeader, payload: Buffer) => sent?.push({ header, payload }),
      sendRtcp: () => undefined,
    });
    const passthrough = new AudioPassthrough({ caller: side(0xca11e2, toCaller), renderer: side(0x2e4de2) }, pairs);
    const press = keyPress('#');
    press.forEach(({ payload, marker }, i) =>
      passthrough.fromRenderer(
        new RtpPacket(new RtpHeader({ payloadType: 96, ssrc: 0xc42011e, sequenceNumber: (65534 + i) & 0xffff, timestamp: 4_000_000_000, marker }), payload),
        performance.now(),
      ),
    );
    // A payload type the bridge did not offer the renderer goes nowhere.
    passthrough.fromRenderer(new RtpPacket(new RtpHeader({ payloadType: 102, ssrc: 0xc42011e, sequenceNumber: 2 }), press[0]!.payload), performance.now());

    expect(toCaller.map(({ header }) => [header.payloadType, header.ssrc, header.sequenceNumber, header.timestamp, header.marker])).toEqual(
      press.map(({ marker }, i) => [70, 0xca11e2, (65534 + i) & 0xffff, 4_000_000_000, marker]),
    );
    // The three end packets too, with the same timestamp: the caller counts the key once (RFC 4733 §2.5.1.4).
    expect(toCaller.map(({ payload }) => payload)).toEqual(press.map(({ payload }) => payload));
    expect(passthrough.stats().toCaller).toMatchObject({ packets: press.length, dropped: 1 });
  });

  describe('in a call through the core', () => {
    let core: Core;

    beforeEach(async () => {
      core = await Core.start({ endpointId: '2d5c0f8e-7a57-4b1e-9f53-0c9d6b1e4a21', userAgent: 'softphone-test' });
      await eventually('sign-in', () => core.snapshot().account.state === 'signedIn');
    });

    afterEach(() => core.stop());

    it('the renderer’s key presses reach the caller as the digits pressed, each once, on the caller’s payload type', async () => {
      // RTCP on its own component, as payload type 70 requires (RFC 5761 §4).
      const caller = await SfbCaller.call(core.localService!, { rtcpMux: false, alterOffer: telephoneEventAt70 });
      onTestFinished(() => caller.close());
      const call = await bridgedRing(core);
      // The renderer's leg offers telephone-event/8000 on a payload type WebRTC takes, and not the 16 kHz one.
      expect(call.offerSdp).toMatch(/^a=rtpmap:96 telephone-event\/8000\r$/m);
      expect(call.offerSdp).not.toMatch(/telephone-event\/16000/);
      const renderer = rendererStandIn({ telephoneEvent: true });
      onTestFinished(() => renderer.close());
      await renderer.answer(core, call);
      expect(await caller.leg.outcome).toEqual({ status: 'Success' });
      expect(caller.answerSdp).toMatch(/^m=audio \d+ RTP\/SAVP 0 70\r$/m);
      await eventually('the renderer’s tone at the caller', () => caller.heardShare(RENDERER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);

      await renderer.sendKeys('159#*0');
      await eventually('the keys at the caller', () => caller.digits === '159#*0', MEDIA_TIMEOUT_MS);
      expect(caller.received.failed).toBe(0);
    });

    it('the caller’s key presses reach the renderer, every packet: without rtcp-mux, a marked one on payload type 70 is RTP, not RTCP', async () => {
      const caller = await SfbCaller.call(core.localService!, { rtcpMux: false, alterOffer: telephoneEventAt70 });
      onTestFinished(() => caller.close());
      const call = await bridgedRing(core);
      const renderer = rendererStandIn({ telephoneEvent: true });
      onTestFinished(() => renderer.close());
      await renderer.answer(core, call);
      await caller.connected;
      await eventually('the caller’s tone at the renderer', () => renderer.heardShare(SFB_CALLER_TONE_HZ) > 0.5, MEDIA_TIMEOUT_MS);

      await caller.sendKeys('*2580#');
      await eventually('the keys at the renderer', () => renderer.digits() === '*2580#', MEDIA_TIMEOUT_MS);
      // The first packet of each press, marked, was taken for RTCP and failed to authenticate before.
      expect(core.bridgeStats(call.id)?.refusedFromCaller).toEqual({ fromElsewhere: 0, unauthenticated: 0, replayed: 0 });
    });
  });
});
