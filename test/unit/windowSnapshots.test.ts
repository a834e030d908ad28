// Each window is sent what it shows (issue 12, ring latency): the ring window gets the ringing calls with
// their callers' presence, never Recent, the contact list or colleagues' presence, and nothing at all for a
// change it does not show. Checked with real WebSocket clients of the real browser host, core and local
// service, as the windows' bridges connect.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTRACT_PATH, startBrowserHost, type BrowserHost } from '../../main/browserHost/host.js';
import { Core } from '../../main/core/core.js';
import { TestCallPeer } from '../../main/local/testCallPeer.js';
import type { AppSnapshot, Command, CommandResult } from '../../preload/shared/contract.js';
import { eventually } from '../support/localServer.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const BRIDGE_FILE = fileURLToPath(new URL('../../dist/browser/softphone-bridge.js', import.meta.url));
const ADA = { name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' };
const GRACE = 'sip:chat@softphone.local';

/** A window's end of the contract: the snapshots pushed to it, and its commands with their replies. */
async function openWindow(host: BrowserHost, role: 'main' | 'ring') {
  const token = new URL(host.pageUrl()).searchParams.get('token')!;
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${CONTRACT_PATH}?token=${token}${role === 'ring' ? '&window=ring' : ''}`, {
    origin: host.origin,
  });
  const pushed: AppSnapshot[] = [];
  const replies = new Map<number, (result: CommandResult) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { snapshot: AppSnapshot } | { id: number; result: CommandResult };
    if ('snapshot' in message) pushed.push(message.snapshot);
    else replies.get(message.id)?.(message.result);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  let nextId = 1;
  return {
    pushed,
    send: (command: Command) =>
      new Promise<CommandResult>((resolve) => {
        const id = nextId++;
        replies.set(id, resolve);
        socket.send(JSON.stringify({ id, command }));
      }),
    close: () => socket.close(),
  };
}

describe('what each window is sent', () => {
  let core: Core;
  let host: BrowserHost;

  beforeAll(async () => {
    core = await Core.start({ endpointId: '7d1c2b3a-4e5f-4a6b-9c8d-1e2f3a4b5c6d', userAgent: 'test' });
    host = await startBrowserHost({ core, rendererDir: RENDERER_DIR, bridgeFile: BRIDGE_FILE });
    await eventually('the contact list and its presence', () => core.snapshot().people.contactList && core.snapshot().people.presence[GRACE], 10_000);
  });
  afterAll(async () => {
    await host.close();
    await core.stop();
  });

  it('gives the main window everything and the ring window its ringing calls and their callers’ presence alone', async () => {
    const main = await openWindow(host, 'main');
    const ring = await openWindow(host, 'ring');
    const shownMain = await main.send({ type: 'getSnapshot' });
    const shownRing = await ring.send({ type: 'getSnapshot' });
    if (!shownMain.ok || !shownRing.ok) throw new Error('getSnapshot failed');
    expect(shownMain.snapshot.people.contactList?.groups.length).toBeGreaterThan(0);
    expect(shownMain.snapshot.people.presence[GRACE]).toBeDefined();
    expect(shownRing.snapshot).toMatchObject({ calls: [], history: { recent: [] }, people: { presence: {} } });
    expect(shownRing.snapshot.people.contactList).toBeUndefined();
    expect(shownRing.snapshot.settings).toEqual(shownMain.snapshot.settings);

    const caller = await TestCallPeer.call(core.localService!, { video: false, from: ADA });
    try {
      const ringing = await eventually('the ring with Ada’s presence in the ring window', () =>
        ring.pushed.find((snapshot) => snapshot.calls.length === 1 && snapshot.people.presence[ADA.uri]),
      );
      expect(ringing.calls[0]).toMatchObject({ phase: 'ringing', caller: ADA });
      expect(Object.keys(ringing.people.presence)).toEqual([ADA.uri]);

      // A colleague's new presence reaches the main window, and the ring window, which does not show it, is sent nothing.
      core.localService!.people.presence.set(GRACE, 'Away');
      const graceAway = await eventually('Grace away in the main window', () =>
        main.pushed.find((snapshot) => snapshot.people.presence[GRACE]?.availability === 'Away'),
      );
      const declined = await ring.send({ type: 'decline', callId: ringing.calls[0]!.id });
      if (!declined.ok) throw new Error(declined.error.message);
      expect(declined.snapshot.history.recent).toEqual([]);
      // The declined call is in the main window's history, never in the ring window's.
      await eventually('the declined call in the main window’s history', () => main.pushed.some((snapshot) => snapshot.history.recent.length > 0));
      expect(ring.pushed.every((snapshot) => snapshot.history.recent.length === 0 && snapshot.forwarding === undefined)).toBe(true);
      const rang = ring.pushed.indexOf(ringing);
      await eventually('the ring window told the call stopped ringing', () => ring.pushed.slice(rang).some((snapshot) => snapshot.calls.length === 0));
      expect(ring.pushed.map((snapshot) => snapshot.revision)).not.toContain(graceAway.revision);
      expect(ring.pushed.every((snapshot) => snapshot.people.contactList === undefined && snapshot.history.recent.length === 0)).toBe(true);
    } finally {
      await caller.close();
      main.close();
      ring.close();
    }
  });
});
