// The link requests whose one-click Call back (a missed call's notification) this window has placed, by the
// request's id: kept beside the card, not in it, so a card mounted again for the same request (after a failed
// attempt, the account signing in again) never places the call a second time.

/** Far more requests than wait at once (one does). */
const REMEMBERED = 20;
const placed = new Set<string>();

/** Whether the Call back of request `id` is still to be placed; from now on it is not. */
export function takeLinkCallBack(id: string): boolean {
  if (placed.has(id)) return false;
  placed.add(id);
  for (const old of placed) {
    if (placed.size <= REMEMBERED) break;
    placed.delete(old);
  }
  return true;
}
