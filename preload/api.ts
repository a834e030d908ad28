import type { AppSnapshot, Command, CommandResult, SoftphoneApi } from './shared/contract.js';

/** How the API reaches the main core: Electron IPC in the app, a WebSocket in the browser host harness. */
export type SoftphoneTransport = {
  invoke(command: Command): Promise<CommandResult>;
  subscribe(listener: (snapshot: AppSnapshot) => void): () => void;
};

/**
 * The window's first snapshot is asked for as soon as the API is made, before the page's script has loaded,
 * and the page's first getSnapshot takes that answer: the window shows the app without waiting one more
 * round trip after its script ran. A snapshot the core published meanwhile, before the page listened, is
 * given instead when it is newer. A page that has not asked within EARLY_KEPT_MS gets a fresh answer: the
 * early one and the watching for it are dropped, and an early request that failed is never left unhandled.
 */
export const EARLY_KEPT_MS = 10_000;

export function createSoftphoneApi(transport: SoftphoneTransport): SoftphoneApi {
  let published: AppSnapshot | undefined;
  const stopWatching = transport.subscribe((snapshot) => void (published = snapshot));
  let early: Promise<CommandResult> | undefined = transport.invoke({ type: 'getSnapshot' });
  early.catch(() => {}); // the page's getSnapshot, if it comes, is given the failure
  const dropEarly = () => {
    clearTimeout(unused);
    stopWatching();
    early = undefined;
  };
  const unused = setTimeout(dropEarly, EARLY_KEPT_MS);
  const newest = (result: CommandResult): CommandResult =>
    result.ok && published && published.revision > result.snapshot.revision ? { ...result, snapshot: published } : result;
  return Object.freeze({
    send: (command: Command) => {
      if (command.type !== 'getSnapshot' || !early) return transport.invoke(command);
      const reply = early.then(newest).finally(stopWatching);
      clearTimeout(unused);
      early = undefined;
      return reply;
    },
    onSnapshot: (listener: (snapshot: AppSnapshot) => void) => transport.subscribe(listener),
  });
}
