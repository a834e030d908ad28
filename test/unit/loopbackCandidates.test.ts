// WebRTC toward remote peers never aims at this machine's loopback: signed in to a server, the offers and
// answers of calls the renderer answers itself reach it without loopback candidates; on the embedded local
// service, whose callers are all on this machine, they keep them.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { withoutLoopbackCandidates } from '../../main/core/loopbackCandidates.js';
import type { LocalServiceOptions, LocalUcwaService } from '../../main/local/service.js';
import type { CallSnapshot } from '../../preload/shared/contract.js';
import { CHROME_OFFER, eventually, scriptedCaller, startService } from '../support/localServer.js';

const LOOPBACK = ['a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', 'a=candidate:2 1 udp 2122197247 ::1 50002 typ host'];
const LAN = 'a=candidate:3 1 udp 2122194687 192.168.1.20 50001 typ host generation 0';
/** Chrome's offer with three host candidates in its audio section: two on loopback, one on the LAN. */
const OFFER = CHROME_OFFER.replace('a=mid:1\n', `a=mid:1\n${[...LOOPBACK, LAN].join('\n')}\n`);
const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');

const candidates = (sdp: string | undefined) => (sdp ?? '').split(/\r?\n/).filter((line) => line.startsWith('a=candidate:'));

const started: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const running of started.splice(0).reverse()) await running.stop();
});

async function ringing(core: Core): Promise<CallSnapshot> {
  return eventually('the ringing call', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
}

/** A core signed in to a server (the local service standing in for one), and that service. */
async function onServer(options: LocalServiceOptions = {}): Promise<{ core: Core; service: LocalUcwaService }> {
  const { service, rootUrl } = await startService(options);
  started.push(service);
  const core = await Core.start({
    server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
    endpointId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    userAgent: 'softphone-test',
  });
  started.push(core);
  return { core, service };
}

describe('loopback candidates from remote peers', () => {
  it('are taken out of an offer, a new offer and an answer on a server', async () => {
    const { core, service } = await onServer();
    const leg = service.placeCall(scriptedCaller({ offerSdp: OFFER, renegotiate: async () => OFFER }).request);
    const call = await ringing(core);
    expect(candidates(call.offerSdp)).toEqual([LAN]);

    await core.answer(call.id, ANSWER);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    await eventually('the connected call', () => core.snapshot().calls.find((c) => c.id === call.id && c.phase === 'connected'));
    const theirs = leg.renegotiate(OFFER);
    const offered = await eventually('the caller’s new offer', () => core.snapshot().calls.find((c) => c.renegotiationOffer)?.renegotiationOffer);
    expect(candidates(offered.sdp)).toEqual([LAN]);
    await core.calls.answerRenegotiation(call.id, offered.id, ANSWER);
    expect(await theirs).toBe(ANSWER);

    // This side's new offer (hold): the caller's answer comes back without its loopback candidates too.
    expect(candidates(await core.renegotiate(call.id, ANSWER))).toEqual([LAN]);
  });

  it('are taken out of the answer to a call placed from here, on a server', async () => {
    const { core } = await onServer({ calleeAnswerMs: 0 });
    const callId = await core.calls.startAudioVideo('answers@softphone.local', CHROME_OFFER, false);
    const answer = await eventually('the callee’s answer', () => core.snapshot().calls.find((c) => c.id === callId)?.remoteAnswer);
    // The local service's callee is a werift peer on loopback: on a server, none of its candidates reach the renderer.
    expect(answer.sdp).toContain('a=ice-ufrag');
    expect(candidates(answer.sdp)).toEqual([]);
  });

  it('stay on the embedded local service, where every caller is on this machine', async () => {
    const core = await Core.start({ endpointId: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f', userAgent: 'softphone-test', local: { maxHoldSeconds: 2 } });
    started.push(core);
    core.localService!.placeCall(scriptedCaller({ offerSdp: OFFER }).request);
    expect(candidates((await ringing(core)).offerSdp)).toEqual([...LOOPBACK, LAN]);
  });

  it('are the only lines taken out: line endings and everything else stay', () => {
    const lines = [
      'v=0',
      'a=candidate:1 1 UDP 1 127.10.0.1 9 typ host',
      'a=candidate:2 1 udp 1 ::FFFF:127.0.0.1 9 typ host',
      'a=candidate:3 1 udp 1 fe80::1 9 typ host',
      'a=ice-ufrag:x',
      '',
    ];
    expect(withoutLoopbackCandidates(lines.join('\r\n'))).toBe(['v=0', 'a=candidate:3 1 udp 1 fe80::1 9 typ host', 'a=ice-ufrag:x', ''].join('\r\n'));
  });
});
