// How fast the core in Node takes in events: the local service pushes them all at once onto the event
// channel, and the clock stops when the core's published snapshot shows the last one (invitations: when
// the most that ring at once ring and every other one was declined).
import { randomUUID } from 'node:crypto';
import { MOST_RINGING } from '../main/calls/ringLimit.js';
import { Core } from '../main/core/core.js';
import { published as until } from '../test/support/published.js';

export type Throughput = { events: number; seconds: number };

const CALLER = { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' };

/** Times `messages` message events in a connected IM conversation, then `invitations` messaging invitations (`started` events). */
export async function measureEventThroughput(messages: number, invitations: number): Promise<{ messages: Throughput; invitations: Throughput }> {
  const core = await Core.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
  try {
    const service = core.localService!;
    const conversation = service.startMessaging({ from: CALLER, message: 'Hello' });
    const ringing = await until(core, (snapshot) => snapshot.calls.find((call) => call.phase === 'ringing'));
    await core.calls.accept(ringing.id);
    await until(core, (snapshot) => snapshot.calls.some((call) => call.id === ringing.id && call.phase === 'connected'));

    const last = `Message ${messages}`;
    const messagesTaken = await timed(messages, async () => {
      for (let i = 1; i <= messages; i++) conversation.sendMessage({ format: 'plain', text: `Message ${i}` });
      await until(core, (snapshot) => snapshot.calls.some((call) => call.messages?.at(-1)?.text === last));
    });
    const invitationsTaken = await timed(invitations, async () => {
      const legs = Array.from({ length: invitations }, (_, i) => service.startMessaging({ from: CALLER, message: `Invitation ${i}` }));
      await until(core, (snapshot) => snapshot.calls.filter((call) => call.phase === 'ringing').length === Math.min(invitations, MOST_RINGING));
      await Promise.all(legs.slice(MOST_RINGING).map((leg) => leg.outcome));
    });
    return { messages: messagesTaken, invitations: invitationsTaken };
  } finally {
    await core.stop();
  }
}

async function timed(events: number, run: () => Promise<void>): Promise<Throughput> {
  const started = performance.now();
  await run();
  return { events, seconds: (performance.now() - started) / 1000 };
}
