// The event channel reads a batch over 64 KiB in slices as its chunks arrive (main/ucwa/batchReader.ts):
// wherever the chunks are cut it reads what JSON.parse and parseEventBatch read from the whole text,
// refuses what they refuse, and gives the event loop turns while it reads thousands of events. (test/fuzz/batchReader.fuzz.ts
// checks the same against the whole-body reader on the fuzz corpus.)
import { describe, expect, it } from 'vitest';
import { messagingInvitation } from '../../main/local/invitationResources.js';
import { readEventBatch } from '../../main/ucwa/batchReader.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { parseEventBatch } from '../../main/ucwa/events.js';
import { INVITATION_FIELDS } from '../fuzz/samples.js';

const WHERE = 'response from /ucwa/events';
const LINKS = '"_links":{"self":{"href":"/ucwa/events?ack=4"},"next":{"href":"/ucwa/events?ack=5"}}';

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* parts;
}

const cut = (bytes: Uint8Array, cuts: number[]) => chunks(...[0, ...cuts].map((from, i) => bytes.subarray(from, [...cuts, bytes.length][i])));
/** Read in slices from the first byte (a batch under 64 KiB is otherwise read whole). */
const read = (bytes: Uint8Array, ...cuts: number[]) => readEventBatch(cut(bytes, cuts), WHERE, 0);

function invitationEvent(i: number) {
  const href = `/ucwa/invitations/${i}`;
  return {
    link: { rel: 'messagingInvitation', href },
    type: 'started',
    _embedded: { messagingInvitation: messagingInvitation({ ...INVITATION_FIELDS, href }, `Invitation ${i}`, 'ucwa') },
  };
}

describe('reading an event batch in slices', () => {
  it('reads the same wherever its chunks are cut: inside strings, escapes, multi-byte characters and keys spelled with escapes', async () => {
    const text =
      `\uFEFF{${LINKS},"s\\u0065nder":[{"rel":"communication","href":"/ucwa/communication","\\u0065vents":[` +
      '{"link":{"rel":"messagingInvitation","href":"/ucwa/i/\\"1\\\\"},"type":"started","_embedded":{"messagingInvitation":{"subject":"é ü 中 😀 \\ud83d\\ude00 [{\\"\\\\\\"}]"}}},' +
      '\n {"link":{"rel":"conversation","href":"/ucwa/c/1"},"type":"updated","reason":{"message":"ß]}"}} ,' +
      '{"link":{"rel":"audioVideoInvitation"},"type":"exploded"}]},' +
      '{"rel":"me","href":"/ucwa/me","events":[ ]}]}';
    const bytes = new TextEncoder().encode(text);
    const whole = parseEventBatch(JSON.parse(text.slice(1)));
    expect(whole.events.map((event) => event.rel)).toEqual(['messagingInvitation', 'conversation']);
    expect(whole.rejected.map((error) => error.field)).toEqual(['events.sender[0].events[2].link.href']);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await read(bytes, cut)).toEqual(whole);
    }
    // One byte at a time.
    expect(await read(bytes, ...Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(whole);
  });

  it('refuses what the whole text would be refused for, wherever it is cut', async () => {
    const batch = (events: string) => `{${LINKS},"sender":[{"rel":"communication","href":"/c","events":[${events}]}]}`;
    const notJson = new MalformedError(WHERE, 'body is not valid JSON');
    const refused = [
      batch(`${'['.repeat(61)}${']'.repeat(61)}`), // 65 levels deep inside an event
      batch('{"link":1}}'), // a bracket closing what it did not open
      batch('{"type":"started"},'), // a trailing comma
      batch('{"type":"started"}{"type":"started"}'),
      batch('{"link":{"rel":"x","href":"/\\x"}}'), // an escape JSON does not have
      batch('{"type":"started"').slice(0, -3), // cut short
      `{${LINKS},"sender":[{"rel":"communication","href":"/c","events":[],}]}`,
    ];
    for (const text of refused) {
      const bytes = new TextEncoder().encode(text);
      for (const cut of [0, Math.floor(bytes.length / 2), bytes.length - 1]) await expect(read(bytes, cut)).rejects.toEqual(notJson);
    }
    // 64 levels are read, as by parseJsonText.
    const deepest = batch(`${'['.repeat(60)}${']'.repeat(60)}`);
    expect(await read(new TextEncoder().encode(deepest), 20)).toEqual(parseEventBatch(JSON.parse(deepest)));
    // A body of nothing is a batch of nothing: refused by the batch's schema, as before.
    await expect(read(new TextEncoder().encode(' \r\n'))).rejects.toThrow(/^Malformed events: /);
  });

  it('gives the event loop turns while it reads 2 000 invitations (about 3 MB), and loses none of them', async () => {
    const events = Array.from({ length: 2000 }, (_, i) => invitationEvent(i));
    const text = JSON.stringify({ _links: { next: { href: '/ucwa/events?ack=2' } }, sender: [{ rel: 'communication', href: '/c', events }] });
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(2_500_000);
    let turns = 0;
    let reading = true;
    const turn = () => {
      turns++;
      if (reading) setImmediate(turn);
    };
    setImmediate(turn);
    const cuts = Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, i) => (i + 1) * 65_536);
    const batch = await readEventBatch(cut(bytes, cuts), WHERE);
    reading = false;
    expect(turns).toBeGreaterThan(0);
    expect(batch.events.map((event) => event.href)).toEqual(events.map((event) => event.link.href));
    expect(batch.rejected).toEqual([]);
  });
});
