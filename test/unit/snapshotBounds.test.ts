// What one snapshot carries is bounded whatever the server sends: a conversation's last 100 messages, each
// cut at 8 000 characters with an ellipsis and marked shortened.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { published } from '../support/published.js';

const FROM = { name: 'Chatty', uri: 'sip:chatty@contoso.com' };
/** 192 KiB of text: what a message's data: link (256 KiB) holds. */
const LONG = 'x'.repeat(192 * 1024);
/** Messages per event batch, so a batch stays under the client's 4 MiB. */
const PER_BATCH = 15;

let core: Core | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe('a snapshot', () => {
  it('carries a conversation of 500 messages of 192 KiB as its last 100, each cut at 8 000 characters: under 1 MiB', async () => {
    core = await Core.start({ endpointId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', userAgent: 'softphone-bounds', local: { maxHoldSeconds: 2 } });
    const service = core.localService!;
    const conversation = service.startMessaging({ from: FROM, message: LONG });
    const ringing = await published(core, (snapshot) => snapshot.calls.find((call) => call.phase === 'ringing'));
    await core.calls.accept(ringing.id);
    await published(core, (snapshot) => snapshot.calls.some((call) => call.phase === 'connected'));

    for (let sent = 0; sent < 500; sent += PER_BATCH) {
      const last = Math.min(500, sent + PER_BATCH);
      service.inOneBatch(() => {
        for (let i = sent; i < last; i++) conversation.sendMessage({ format: 'plain', text: `${i}:${LONG}` });
      });
      await published(core, (snapshot) => snapshot.calls[0]?.messages?.at(-1)?.text.startsWith(`${last - 1}:`));
    }

    const snapshot = core.snapshot();
    const [call] = snapshot.calls;
    expect(call?.messages?.map((line) => Number(line.text.split(':')[0]))).toEqual(Array.from({ length: 100 }, (_, i) => 400 + i));
    expect(new Set(call?.messages?.map((line) => `${line.text.length} ${line.text.at(-1)} ${line.shortened}`))).toEqual(new Set(['8000 … true']));
    expect(call?.firstMessage).toMatchObject({ shortened: true, text: expect.stringMatching(/^x{7999}…$/) });
    expect(JSON.stringify(snapshot).length).toBeLessThan(1024 * 1024);
  });
});
