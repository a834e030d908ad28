// A window's first snapshot is asked for as soon as its bridge to the core is made (Electron's preload, the
// browser host's bridge), before the page's script has loaded, so the page's first getSnapshot costs no
// round trip of its own; a snapshot the core published before the page listened is not lost.
import { describe, expect, it, vi } from 'vitest';
import { createSoftphoneApi, EARLY_KEPT_MS, type SoftphoneTransport } from '../../preload/api.js';
import type { AppSnapshot, Command, CommandResult } from '../../preload/shared/contract.js';
import { appSnapshot } from '../support/snapshots.js';

/** A core reached in-process: records the commands, answers getSnapshot when the test says, publishes when told. */
function inProcessCore() {
  const commands: Command[] = [];
  const listeners = new Set<(snapshot: AppSnapshot) => void>();
  const answers: Array<(result: CommandResult) => void> = [];
  const transport: SoftphoneTransport = {
    invoke: (command) => {
      commands.push(command);
      return new Promise((resolve) => answers.push(resolve));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    transport,
    commands,
    answer: (snapshot: AppSnapshot) => answers.shift()!({ ok: true, snapshot }),
    publish: (snapshot: AppSnapshot) => listeners.forEach((listener) => listener(snapshot)),
  };
}

describe("a window's first snapshot", () => {
  it('is asked for before the page asks, and the page’s getSnapshot takes that answer', async () => {
    const core = inProcessCore();
    const api = createSoftphoneApi(core.transport);
    expect(core.commands).toEqual([{ type: 'getSnapshot' }]);
    core.answer(appSnapshot({ revision: 3 }));
    const first = await api.send({ type: 'getSnapshot' });
    expect(first).toMatchObject({ ok: true, snapshot: { revision: 3 } });
    expect(core.commands).toHaveLength(1);
    // Later ones go to the core.
    const later = api.send({ type: 'getSnapshot' });
    core.answer(appSnapshot({ revision: 4 }));
    expect(await later).toMatchObject({ snapshot: { revision: 4 } });
    expect(core.commands).toHaveLength(2);
  });

  it('is the newer one the core published before the page listened', async () => {
    const core = inProcessCore();
    const api = createSoftphoneApi(core.transport);
    core.answer(appSnapshot({ revision: 3 }));
    await Promise.resolve();
    core.publish(appSnapshot({ revision: 5 })); // the page's script has not subscribed yet
    const shown: number[] = [];
    api.onSnapshot((snapshot) => shown.push(snapshot.revision));
    expect(await api.send({ type: 'getSnapshot' })).toMatchObject({ snapshot: { revision: 5 } });
    core.publish(appSnapshot({ revision: 6 }));
    expect(shown).toEqual([6]);
  });
});

describe('an early request the page never takes', () => {
  it('that fails is not left unhandled, and the page’s getSnapshot is given the failure', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let fail: (error: Error) => void = () => {};
      const api = createSoftphoneApi({
        invoke: () => new Promise((_resolve, reject) => (fail = reject)),
        subscribe: () => () => {},
      });
      fail(new Error('The window was closed'));
      // Node reports unhandled rejections once the microtasks are done: two turns of the event loop later, it would have.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(api.send({ type: 'getSnapshot' })).rejects.toThrow('The window was closed');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('is dropped with its watching when the page has not asked for a while, and the page then gets a fresh answer', async () => {
    vi.useFakeTimers();
    try {
      const core = inProcessCore();
      let watching = 0;
      const api = createSoftphoneApi({
        ...core.transport,
        subscribe: (listener) => {
          watching++;
          const stop = core.transport.subscribe(listener);
          let stopped = false;
          return () => {
            if (!stopped) watching--;
            stopped = true;
            stop();
          };
        },
      });
      core.answer(appSnapshot({ revision: 3 }));
      expect(watching).toBe(1);
      vi.advanceTimersByTime(EARLY_KEPT_MS);
      expect(watching).toBe(0);
      const reply = api.send({ type: 'getSnapshot' });
      core.answer(appSnapshot({ revision: 7 }));
      expect(await reply).toMatchObject({ snapshot: { revision: 7 } });
      expect(core.commands).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
