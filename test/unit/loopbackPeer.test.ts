// The local service's werift peers stay on this machine: they gather loopback candidates and ask no STUN
// server (werift's default one is public) and no name server for anything but loopback.
import dns from 'node:dns';
import { afterEach, expect, it } from 'vitest';
import { MediaStreamTrack } from 'werift';
import { createTestSignalPeer, gatheredLocalSdp } from '../../main/local/media/loopbackPeer.js';

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
