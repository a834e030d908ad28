import type { Core } from '../../main/core/core.js';
import type { AppSnapshot } from '../../preload/shared/contract.js';

/** The first snapshot the core publishes (or the current one) for which `test` gives a value: waits on the core, not on time. */
export function published<T>(core: Core, test: (snapshot: AppSnapshot) => T | undefined | false): Promise<T> {
  return new Promise((resolve) => {
    const now = test(core.snapshot());
    if (now) return resolve(now);
    const unsubscribe = core.subscribe((snapshot) => {
      const value = test(snapshot);
      if (!value) return;
      unsubscribe();
      resolve(value);
    });
  });
}
