// Runs in the page (injected by the e2e tests): gives it the same `window.softphone` contract as the
// Electron preload, carried over a WebSocket to the harness instead of Electron IPC.
import { createSoftphoneApi } from '../../preload/api.js';
import type { AppSnapshot, CommandResult } from '../../preload/contract.js';

const socket = new WebSocket(`ws://${location.host}/softphone`);
const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
const waiting = new Map<number, (result: CommandResult) => void>();
const listeners = new Set<(snapshot: AppSnapshot) => void>();
let nextId = 1;

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as { snapshot: AppSnapshot } | { id: number; result: CommandResult };
  if ('snapshot' in message) {
    for (const listener of listeners) listener(message.snapshot);
    return;
  }
  waiting.get(message.id)?.(message.result);
  waiting.delete(message.id);
});

Object.defineProperty(window, 'softphone', {
  value: createSoftphoneApi({
    invoke: async (command) => {
      await opened;
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
