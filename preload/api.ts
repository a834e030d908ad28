import type { AppSnapshot, Command, CommandResult, SoftphoneApi } from './shared/contract.js';

/** How the API reaches the main core: Electron IPC in the app, a WebSocket in the browser host harness. */
export type SoftphoneTransport = {
  invoke(command: Command): Promise<CommandResult>;
  subscribe(listener: (snapshot: AppSnapshot) => void): () => void;
};

export function createSoftphoneApi(transport: SoftphoneTransport): SoftphoneApi {
  return Object.freeze({
    send: (command: Command) => transport.invoke(command),
    onSnapshot: (listener: (snapshot: AppSnapshot) => void) => transport.subscribe(listener),
  });
}
