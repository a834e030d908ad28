import { powerSaveBlocker } from 'electron';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { Core } from '../core/core.js';
import { needsDisplayAwake } from './callActivity.js';

/** Keeps the display awake while the person is in a call (callActivity.ts decides), and lets it sleep after. */
export function keepDisplayAwakeInCalls(core: Core): void {
  let blocker: number | undefined;
  const follow = (snapshot: AppSnapshot) => {
    const wanted = needsDisplayAwake(snapshot);
    if (wanted && blocker === undefined) {
      blocker = powerSaveBlocker.start('prevent-display-sleep');
    } else if (!wanted && blocker !== undefined) {
      powerSaveBlocker.stop(blocker);
      blocker = undefined;
    }
  };
  follow(core.snapshot());
  core.subscribe(follow);
}
