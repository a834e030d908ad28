// The media bridge's cost per call: a Skype-for-Business-dialect caller (SDES-SRTP, ICE) bridged to a werift
// stand-in for the renderer, all in this process; the bridge times each packet from arrival to its
// re-encrypted copy leaving for the other leg, and adds up its busy time.
import { randomUUID } from 'node:crypto';
import { Core } from '../main/core/core.js';
import { measureBridgedCall } from '../test/support/bridgedCall.js';

export async function measureBridge(seconds: number) {
  const core = await Core.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
  try {
    const { stats, processCpuMs } = await measureBridgedCall(core, seconds);
    return { ...stats, processCpuMs, seconds };
  } finally {
    await core.stop();
  }
}
