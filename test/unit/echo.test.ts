// The test call's echo on its own: what EchoSource plays back when, the tone before it, and which of the
// received RTP it hears. Times are given, not waited for.
import { describe, expect, it } from 'vitest';
import { MediaStreamTrack, RtpHeader, RtpPacket } from 'werift';
import { ECHO_DELAY_MS, ECHO_LATE_MS, ECHO_MAX_PACKETS, EchoSource, TONE_BEFORE_ECHO_MS, ToneThenEcho } from '../../main/local/media/echo.js';
import { createTestSignalPeer, receivePcmu } from '../../main/local/media/loopbackPeer.js';
import { PACKET_MS, PCMU_PAYLOAD_TYPE, pcmuSilence, SAMPLES_PER_PACKET } from '../../main/local/media/pcmu.js';
import { ToneSource } from '../../main/local/media/tone.js';

/** A recognisable payload: 20 ms filled with `n`. */
const spoken = (n: number) => Buffer.alloc(SAMPLES_PER_PACKET, n);

describe('EchoSource', () => {
  it('plays PCMU silence while it has heard nothing', () => {
    const echo = new EchoSource();
    expect(echo.nextPayload(0)).toEqual(pcmuSilence());
    expect(echo.nextPayload(5_000)).toEqual(Buffer.alloc(160, 0xff));
  });

  it('plays each payload back once it is a second old, one per packet, in order, silence in between', () => {
    const echo = new EchoSource();
    echo.hear(spoken(1), 100);
    echo.hear(spoken(2), 120);
    expect(echo.nextPayload(100 + ECHO_DELAY_MS - 1)).toEqual(pcmuSilence());
    expect(echo.nextPayload(100 + ECHO_DELAY_MS)).toEqual(spoken(1));
    expect(echo.nextPayload(110 + ECHO_DELAY_MS)).toEqual(pcmuSilence());
    expect(echo.nextPayload(120 + ECHO_DELAY_MS)).toEqual(spoken(2));
    expect(echo.nextPayload(140 + ECHO_DELAY_MS)).toEqual(pcmuSilence());
  });

  it('catches up on payloads a little late (jitter) one by one, without dropping any', () => {
    const echo = new EchoSource();
    for (let n = 1; n <= 3; n++) echo.hear(spoken(n), n * PACKET_MS);
    const now = 3 * PACKET_MS + ECHO_DELAY_MS + ECHO_LATE_MS - 2 * PACKET_MS;
    expect([echo.nextPayload(now), echo.nextPayload(now + 1), echo.nextPayload(now + 2)]).toEqual([spoken(1), spoken(2), spoken(3)]);
  });

  it('when further behind (its sender paused), skips ahead to a second behind', () => {
    const echo = new EchoSource();
    for (let n = 1; n <= 100; n++) echo.hear(spoken(n), n * PACKET_MS);
    // Payload 60 is a second old at this moment; 1 to 59 are too late to play.
    const now = 60 * PACKET_MS + ECHO_DELAY_MS;
    expect(echo.nextPayload(now)).toEqual(spoken(60));
    expect(echo.nextPayload(now + PACKET_MS)).toEqual(spoken(61));
  });

  it('holds at most 3 s of packets: a flood keeps the newest', () => {
    expect(ECHO_MAX_PACKETS).toBe(150);
    const echo = new EchoSource();
    for (let n = 1; n <= 200; n++) echo.hear(spoken(n), 0);
    const played = Array.from({ length: 151 }, () => echo.nextPayload(ECHO_DELAY_MS));
    expect(played.slice(0, 150)).toEqual(Array.from({ length: 150 }, (_, i) => spoken(51 + i)));
    expect(played[150]).toEqual(pcmuSilence());
  });
});

describe('ToneThenEcho', () => {
  const tone = (count: number) => {
    const source = new ToneSource();
    return Array.from({ length: count }, () => source.nextPayload());
  };

  it('plays the tone until the call is answered, then for 2 s more, then the echo', () => {
    const echo = new EchoSource();
    const audio = new ToneThenEcho(echo);
    const played: Buffer[] = [];
    let now = 0;
    const play = (ms: number) => {
      for (const end = now + ms; now < end; now += PACKET_MS) played.push(audio.nextPayload(now));
    };
    play(3_000); // early media, while it rings
    audio.answered();
    play(TONE_BEFORE_ECHO_MS);
    expect(played).toEqual(tone(played.length));

    echo.hear(spoken(7), now - ECHO_DELAY_MS);
    expect(audio.nextPayload(now)).toEqual(spoken(7));
    expect(audio.nextPayload(now + PACKET_MS)).toEqual(pcmuSilence());
  });
});

describe('what the echo hears (receivePcmu)', () => {
  it('takes the PCMU payloads of the received audio track, once per track; comfort noise and telephone-events are left out', async () => {
    const pc = createTestSignalPeer();
    const heard: Buffer[] = [];
    receivePcmu(pc, (payload) => heard.push(payload));
    const audio = new MediaStreamTrack({ kind: 'audio' });
    const video = new MediaStreamTrack({ kind: 'video' });
    // werift announces a track again after every renegotiation that lets it receive.
    for (const track of [audio, audio, video]) pc.onTrack.execute(track);
    const rtp = (payloadType: number, payload: Buffer) => new RtpPacket(new RtpHeader({ payloadType }), payload);

    audio.onReceiveRtp.execute(rtp(PCMU_PAYLOAD_TYPE, spoken(1)));
    audio.onReceiveRtp.execute(rtp(13, Buffer.from([40])));
    audio.onReceiveRtp.execute(rtp(101, Buffer.from([1, 0x8a, 0, 160])));
    audio.onReceiveRtp.execute(rtp(PCMU_PAYLOAD_TYPE, spoken(2)));
    video.onReceiveRtp.execute(rtp(PCMU_PAYLOAD_TYPE, spoken(3)));
    expect(heard).toEqual([spoken(1), spoken(2)]);
    await pc.close();
  });
});
