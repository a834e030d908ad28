// The local service's werift peers stay on this machine: they gather loopback candidates and ask no STUN
// server (werift's default one is public) and no name server for anything but loopback.
import dns from 'node:dns';
import { afterEach, expect, it } from 'vitest';
import { MediaStreamTrack } from 'werift';
import { createTestSignalPeer, gatheredLocalSdp } from '../../main/local/media/loopbackPeer.js';
import { udpSocketCount } from '../support/leftovers.js';
import { eventually } from '../support/localServer.js';

const originalLookup = dns.lookup;
afterEach(() => {
  dns.lookup = originalLookup;
});

it('gathers loopback candidates only and looks up no name but loopback', async () => {
  const looked: string[] = [];
  dns.lookup = ((host: string, ...rest: unknown[]) => {
    looked.push(host);
    return (originalLookup as (...args: unknown[]) => unknown)(host, ...rest);
  }) as typeof dns.lookup;
  const pc = createTestSignalPeer();
  pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction: 'sendrecv' });
  await pc.setLocalDescription(await pc.createOffer());
  const sdp = await gatheredLocalSdp(pc);
  expect(pc.iceTransports.every((transport) => transport.connection.stunServer === undefined)).toBe(true);
  await pc.close();
  expect(sdp).toMatch(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 /);
  expect(looked.filter((host) => host !== '127.0.0.1' && host !== 'localhost')).toEqual([]);
});

it('lets go of every socket it gathered once closed, the transport its bundled answer left unused too', async () => {
  await eventually('the sockets of the peers before to close', () => udpSocketCount() === 0);
  // Offered without bundling being required, audio and video gather a transport each; the answer bundles
  // both on the first, and the second's is no longer any transceiver's.
  const offerer = createTestSignalPeer();
  for (const kind of ['audio', 'video'] as const) offerer.addTransceiver(new MediaStreamTrack({ kind }), { direction: 'sendrecv' });
  await offerer.setLocalDescription(await offerer.createOffer());
  const answerer = createTestSignalPeer();
  await answerer.setRemoteDescription({ type: 'offer', sdp: await gatheredLocalSdp(offerer) });
  await answerer.setLocalDescription(await answerer.createAnswer());
  const answerSdp = await gatheredLocalSdp(answerer);
  expect(answerSdp).toMatch(/a=group:BUNDLE 0 1/);
  await offerer.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  await Promise.all([offerer.close(), answerer.close()]);
  await eventually('every socket of both peers to close', () => udpSocketCount() === 0, 5000);
});
