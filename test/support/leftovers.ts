// What a call leaves behind in this process once it is over: UDP sockets, and timers of the media code.
import { createHook } from 'node:async_hooks';

export function udpSocketCount(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'UDPWrap').length;
}

/**
 * Watches the timers created from now on whose creation passes through `where` (by stack): those neither
 * fired nor cleared are pending, which after hang-up means left behind.
 */
export function watchTimers(where: RegExp): { pending(): string[]; stop(): void } {
  const pending = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      const stack = new Error().stack ?? '';
      if (type === 'Timeout' && where.test(stack)) pending.set(id, stack);
    },
    destroy(id) {
      pending.delete(id);
    },
  }).enable();
  return { pending: () => [...pending.values()], stop: () => hook.disable() };
}
