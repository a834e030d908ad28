// How a page tells which window it is. One bundle serves both windows: the ring window's page is the app's
// page with the hash `#ring`. The hash stays in the browser, so the browser host's ring window also says so in
// its page's query and its WebSocket's (`window=ring`), by which the host serves it its own view.
import type { WindowRole } from './contract.js';

export const RING_WINDOW_HASH = '#ring';
const QUERY = { name: 'window', ring: 'ring' } as const;

export const windowOfHash = (hash: string): WindowRole => (hash === RING_WINDOW_HASH ? 'ring' : 'main');

/** What the address of a window's page or socket adds to its query: `&window=ring` for the ring window, nothing for the main window. */
export const windowQuery = (role: WindowRole): string => (role === 'ring' ? `&${QUERY.name}=${QUERY.ring}` : '');

export const windowOfQuery = (query: URLSearchParams): WindowRole => (query.get(QUERY.name) === QUERY.ring ? 'ring' : 'main');
