// The page of a window with the window's snapshot in it, for its bridge to start from (browserBridge.ts).
import { FIRST_SNAPSHOT_ID, type FirstSnapshot } from '../../preload/shared/firstSnapshot.js';

/**
 * A loading window then waits neither for its socket to open nor for the snapshot to come down it (15–60 ms
 * on two busy cores), as under Electron, whose preload asks the main process at once. It is data, not a
 * script (the Content-Security-Policy runs none in the page), and every `<` in it is escaped, so no name or
 * message in a snapshot can end the element.
 */
export function pageWithSnapshot(page: string, first: FirstSnapshot): string {
  const data = JSON.stringify(first).replaceAll('<', '\\u003c');
  return page.replace('<head>', `<head>\n    <script type="application/json" id="${FIRST_SNAPSHOT_ID}">${data}</script>`);
}
