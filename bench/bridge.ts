// The media bridge's cost per call: a Skype-for-Business-dialect caller (SDES-SRTP, ICE) bridged to a werift
// stand-in for the renderer, all in this process; the bridge times each packet from arrival to its
// re-encrypted copy leaving for the other leg, and adds up its busy time.
import { randomUUID } from 'node:crypto';
import { Softphone } from '../main/core/softphone.js';
import { measureBridgedCall } from '../test/support/bridgedCall.js';

export async function measureBridge(seconds: number) {
  const softphone = await Softphone.start({ endpointId: randomUUID(), userAgent: 'softphone-bench' });
  try {
    const { stats, processCpuMs } = await measureBridgedCall(softphone, seconds);
    return { ...stats, processCpuMs, seconds };
  } finally {
    await softphone.stop();
  }
}
