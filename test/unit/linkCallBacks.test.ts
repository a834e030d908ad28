// A missed call's one-click Call back (renderer/stores/linkCallBacks.ts): the card that places it may be
// mounted again for the same request (after a failed attempt, the account signing in again), and each
// mount asks the module-level store, which says yes to a request once.
import { describe, expect, it } from 'vitest';
import { takeLinkCallBack } from '../../renderer/stores/linkCallBacks.js';

describe('a link request’s one-click Call back', () => {
  it('is placed once per request, whichever card instance asks, and for a newer request again', () => {
    expect(takeLinkCallBack('request-1')).toBe(true);
    // The card mounted again for the same request.
    expect(takeLinkCallBack('request-1')).toBe(false);
    expect(takeLinkCallBack('request-2')).toBe(true);
    for (let index = 0; index < 50; index++) takeLinkCallBack(`other-${index}`);
    // What it remembers is bounded; the newest are kept.
    expect(takeLinkCallBack('other-49')).toBe(false);
  });
});
