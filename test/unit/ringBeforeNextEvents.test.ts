// A ring is handled before the event channel builds and writes its next GET: that request is work the ring
// need not wait for (issue 12, ring latency). A real client and calls controller on the local service; the
// client's fetch is Node's own, watched to see when each events GET is asked for.
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../main/ucwa/http.js';
import { eventually, scriptedCaller, signedInCalls } from '../support/localServer.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
});

describe('the event channel and a ring', () => {
  it('hands the controller the ringing call before it asks for the next batch', async () => {
    const order: string[] = [];
    let released = false;
    const note = (step: string) => released && !order.includes(step) && order.push(step);
    const watchedFetch: FetchLike = (input, init) => {
      if (String(input).includes('/events')) note('next events GET');
      return fetch(input, init);
    };
    const session = await signedInCalls({
      service: { onEventsReleased: (events) => (released ||= events.some((event) => event.type === 'started' && event.link.rel === 'audioVideoInvitation')) },
      client: { fetch: watchedFetch },
      calls: {
        onChange: () => {
          if (session.calls.snapshot().calls.some((call) => call.phase === 'ringing')) note('ringing call in the snapshot');
        },
      },
    });
    stop = () => session.stop();

    session.service.placeCall(scriptedCaller().request);
    await eventually('the ring and the next GET', () => order.length >= 2);
    expect(order).toEqual(['ringing call in the snapshot', 'next events GET']);
  });
});
