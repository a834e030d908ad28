// Runs in a page the browser host served (main/browserHost/host.ts): gives it the same `window.softphone`
// contract as the Electron preload, carried over a WebSocket to the host instead of Electron IPC, with
// the token the page's address holds.
import { createSoftphoneApi } from './api.js';
import type { AppSnapshot, CommandResult, WindowRole } from './shared/contract.js';
import { FIRST_SNAPSHOT_ID, type FirstSnapshot } from './shared/firstSnapshot.js';
import { windowOfHash, windowQuery } from './shared/windowAddress.js';

const token = new URLSearchParams(location.search).get('token') ?? '';
// The ring window is sent only what it shows.
const role: WindowRole = windowOfHash(location.hash);
const socket = new WebSocket(`ws://${location.host}/softphone?token=${encodeURIComponent(token)}${windowQuery(role)}`);
const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
const waiting = new Map<number, (result: CommandResult) => void>();
const listeners = new Set<(snapshot: AppSnapshot) => void>();
let nextId = 1;
// The answer to the app's first getSnapshot, which is therefore never sent: the snapshot the host wrote in the
// page (host.ts), or else the one it sends as soon as the socket opens, which otherwise comes as the next.
let answerFirstAsk: ((result: CommandResult) => void) | undefined;
const given = snapshotInPage();
let firstAsk: Promise<CommandResult> | undefined = given
  ? Promise.resolve({ ok: true, snapshot: given })
  : new Promise((resolve) => (answerFirstAsk = resolve));

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as { snapshot: AppSnapshot } | { id: number; result: CommandResult };
  if ('snapshot' in message) {
    answerFirstAsk?.({ ok: true, snapshot: message.snapshot });
    answerFirstAsk = undefined;
    for (const listener of listeners) listener(message.snapshot);
    return;
  }
  waiting.get(message.id)?.(message.result);
  waiting.delete(message.id);
});

Object.defineProperty(window, 'softphone', {
  value: createSoftphoneApi({
    invoke: async (command) => {
      if (command.type === 'getSnapshot' && firstAsk) {
        const answer = firstAsk;
        firstAsk = undefined;
        return answer;
      }
      // Sent in this task when the socket is open, as Electron's IPC sends: awaiting `opened` would let every
      // microtask queued before run first (a window's rendering of the snapshot that asked for the command).
      if (socket.readyState !== WebSocket.OPEN) await opened;
      const id = nextId++;
      return new Promise<CommandResult>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, command }));
      });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  }),
});

/** The window's snapshot the page holds, if it holds one for this window and it reads. */
function snapshotInPage(): AppSnapshot | undefined {
  const text = document.getElementById(FIRST_SNAPSHOT_ID)?.textContent;
  if (!text) return undefined;
  try {
    const first = JSON.parse(text) as FirstSnapshot;
    return first.window === role ? first.snapshot : undefined;
  } catch {
    return undefined;
  }
}
