// The test call as a sound check, end to end through the local service: the test call's werift peer rings
// the user, a werift peer on the user's side answers over HTTP and speaks a recognisable PCMU sequence,
// and hears the tone, then its own payloads back a second later. No controller, no browser.
import { describe, expect, it } from 'vitest';
import { ECHO_DELAY_MS, TONE_BEFORE_ECHO_MS } from '../../main/local/media/echo.js';
import { receivePcmu } from '../../main/local/media/loopbackPeer.js';
import { PACKET_MS, pcmuSilence, SAMPLES_PER_PACKET, type AudioSource } from '../../main/local/media/pcmu.js';
import { ToneSource } from '../../main/local/media/tone.js';
import type { TestCallOptions } from '../../main/local/testCallPeer.js';
import { httpSessionPerTest } from '../support/httpSession.js';
import { eventually } from '../support/localServer.js';
import { answeredTestCall, userPeer } from '../support/testCallUser.js';

const SPOKEN_PACKETS = 50;
/** ICE and DTLS over loopback take well under a second; the margin is for a loaded machine. */
const MEDIA_TIMEOUT_MS = 15_000;

const signIn = httpSessionPerTest();

/** 20 ms filled with `n`: no tone payload looks like it. */
const spoken = (n: number) => Buffer.alloc(SAMPLES_PER_PACKET, n);

/** The user's microphone: PCMU silence until `speak()`, then SPOKEN_PACKETS packets filled with 1, 2, 3…, then silence. */
class CountingVoice implements AudioSource {
  /** When each numbered packet was sent: packet n at spokenAt[n - 1]. */
  readonly spokenAt: number[] = [];
  #speaking = false;

  speak(): void {
    this.#speaking = true;
  }

  nextPayload(now: number): Buffer {
    if (!this.#speaking || this.spokenAt.length === SPOKEN_PACKETS) return pcmuSilence();
    this.spokenAt.push(now);
    return spoken(this.spokenAt.length);
  }
}

type Heard = { payload: Buffer; at: number };

/**
 * Rings the user with a test call that the user's peer answers, speaking `voice` (which it starts once it
 * has heard `speakAfter` packets); returns what the user hears, as it comes, and the user's RTP counts.
 */
async function testCallHeardBy(voice: CountingVoice, speakAfter: number, options: TestCallOptions) {
  const session = await signIn();
  const user = userPeer(session, voice);
  const heard: Heard[] = [];
  receivePcmu(user.pc, (payload, at) => {
    if (heard.push({ payload, at }) === speakAfter) voice.speak();
  });
  await answeredTestCall(session, user, options);
  return { heard, received: user.received };
}

/**
 * How many of the first payloads heard are the tone: the longest run from the start equal to ToneSource's
 * output from some point of its first seconds on (the first packets may be lost while the user's side
 * finishes connecting).
 */
function toneHeardFirst(heard: readonly Heard[]): number {
  const tone = new ToneSource();
  const reference = Array.from({ length: heard.length + 250 }, () => tone.nextPayload());
  let longest = 0;
  for (let start = 0; start < 250; start++) {
    let run = 0;
    while (run < heard.length && heard[run]?.payload.equals(reference[start + run] ?? Buffer.alloc(0))) run++;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Each payload as the user's own numbered packet, 'silence', or 'other' (neither). */
const recognised = ({ payload }: Heard) => {
  if (payload.equals(pcmuSilence())) return 'silence';
  const n = payload[0] ?? 0;
  return n >= 1 && n <= SPOKEN_PACKETS && payload.equals(spoken(n)) ? n : 'other';
};

describe('the test call with the echo (the sound check)', () => {
  it('plays the tone first, then the user’s own payloads back, in order, about a second later; video is the test pattern', async () => {
    const voice = new CountingVoice();
    // The user speaks once the tone has played: after 2 s of packets.
    const { heard, received } = await testCallHeardBy(voice, TONE_BEFORE_ECHO_MS / PACKET_MS, { video: true, echo: true });
    const lastSpokenBack = () => heard.findLastIndex((entry) => recognised(entry) === SPOKEN_PACKETS);
    await eventually('the user’s voice back, and silence after it', () => lastSpokenBack() >= 0 && heard.length > lastSpokenBack() + 10, MEDIA_TIMEOUT_MS);

    const toneLength = toneHeardFirst(heard);
    // About 2 s of tone, less what was lost while connecting, plus at most one pause (silence) after it.
    expect(toneLength).toBeGreaterThanOrEqual(50);
    expect(toneLength).toBeLessThanOrEqual(125);

    const afterTone = heard.slice(toneLength);
    const kinds = afterTone.map(recognised);
    expect(kinds).not.toContain('other');
    expect(kinds[0]).toBe('silence');
    expect(kinds.filter((kind) => kind !== 'silence')).toEqual(Array.from({ length: SPOKEN_PACKETS }, (_, i) => i + 1));
    expect(kinds.at(-1)).toBe('silence');

    for (const entry of afterTone) {
      const n = recognised(entry);
      if (typeof n !== 'number') continue;
      const delay = entry.at - (voice.spokenAt[n - 1] ?? NaN);
      expect(delay, `packet ${n} came back after ${delay} ms`).toBeGreaterThanOrEqual(ECHO_DELAY_MS * 0.7);
      expect(delay, `packet ${n} came back after ${delay} ms`).toBeLessThanOrEqual(ECHO_DELAY_MS * 2.5);
    }
    expect(received.video).toBeGreaterThan(0);
  });

  it('without the echo, plays the tone on while the user speaks', async () => {
    const voice = new CountingVoice();
    const { heard } = await testCallHeardBy(voice, 1, { video: false });
    await eventually('3 s of audio and everything the user says', () => heard.length >= 150 && voice.spokenAt.length === SPOKEN_PACKETS, MEDIA_TIMEOUT_MS);
    expect(toneHeardFirst(heard)).toBe(heard.length);
  });
});
