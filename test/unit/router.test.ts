import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RingContentReport } from '../../preload/shared/contract.js';
import { createCommandRouter, type CommandRouter } from '../../main/ipc/router.js';
import { Core } from '../../main/core/core.js';
import { CHROME_OFFER } from '../support/localServer.js';

describe('command router', () => {
  let core: Core;
  let route: CommandRouter;
  const app = { url: 'app://softphone/index.html' };

  beforeAll(async () => {
    core = await Core.start({ endpointId: '9d7e3f8a-52a4-4c41-8c1e-0d6c1f0e6b11', userAgent: 'test', local: { maxHoldSeconds: 2 } });
    route = createCommandRouter(core, ['app://softphone']);
  });
  afterAll(async () => core.stop());

  it('answers the app’s own page with a snapshot', async () => {
    const result = await route(app, { type: 'getSnapshot' });
    expect(result).toMatchObject({ ok: true, snapshot: { account: { state: 'signedIn', server: 'local' }, calls: [] } });
  });

  it.each([
    ['another origin', { url: 'https://evil.example/app' }],
    ['a look-alike scheme', { url: 'app://softphone.evil/index.html' }],
    ['a file page', { url: 'file:///etc/passwd' }],
    ['no URL', { url: '' }],
  ])('refuses commands from %s', async (_, sender) => {
    expect(await route(sender, { type: 'getSnapshot' })).toMatchObject({ ok: false, error: { code: 'UntrustedSender' } });
  });

  it.each([
    ['an unknown command', { type: 'format-disk' }, 'type'],
    ['a missing field', { type: 'answer', callId: 'abc' }, 'sdp'],
    ['a hostile call id', { type: 'hangUp', callId: '../../etc' }, 'callId'],
    ['an oversize SDP', { type: 'answer', callId: 'abc', sdp: 'v=0\r\n'.repeat(20_000) }, 'sdp'],
    ['an undocumented decline reason', { type: 'decline', callId: 'abc', reason: 'Bored' }, 'reason'],
    ['an extra field', { type: 'getSnapshot', token: 'x' }, 'command'],
    ['not an object', 'answer', 'command'],
    ['an undocumented do-not-disturb mode', { type: 'updateSettings', change: { doNotDisturb: 'maybe' } }, 'change.doNotDisturb'],
    ['a system-wide shortcut with one modifier', { type: 'updateSettings', change: { answerShortcut: 'Alt+F4' } }, 'change.answerShortcut'],
    ['a shortcut that is not an accelerator', { type: 'updateSettings', change: { answerShortcut: 'rm -rf' } }, 'change.answerShortcut'],
    ['an oversize device label', { type: 'updateSettings', change: { ringer: { id: 'x', label: 'x'.repeat(600) } } }, 'change.ringer.label'],
  ])('rejects %s with a typed error naming the field', async (_, command, field) => {
    const result = await route(app, command);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('InvalidCommand');
      expect(result.error.message.startsWith(field)).toBe(true);
    }
  });

  it('places a call with startCall: an address that is none is refused with its sentence, a call’s id comes back in the reply', async () => {
    const sdp = CHROME_OFFER;
    expect(core.snapshot().canCall).toEqual({ audio: true, video: true });
    expect(await route(app, { type: 'startCall', to: 'sip:ada@contoso.com?Subject=x', video: false, sdp })).toEqual({
      ok: false,
      error: { code: 'InvalidCommand', message: 'Type the address alone, without ; or ? and what follows them.' },
    });
    const placed = await route(app, { type: 'startCall', to: 'declines@softphone.local', video: false, sdp });
    expect(placed).toMatchObject({ ok: true, callId: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
  });

  it('reports an unknown call as a typed error, not a crash', async () => {
    expect(await route(app, { type: 'hangUp', callId: 'nope' })).toMatchObject({ ok: false, error: { code: 'UnknownCall' } });
  });

  it('answers a command that changes nothing with the same revision, and publishes nothing', async () => {
    const published: number[] = [];
    const unsubscribe = core.subscribe((snapshot) => published.push(snapshot.revision));
    const first = await route(app, { type: 'getSnapshot' });
    const second = await route(app, { type: 'updateSettings', change: {} });
    unsubscribe();
    expect(first.ok && second.ok && second.snapshot.revision).toBe(first.ok && first.snapshot.revision);
    expect(published).toEqual([]);
  });

  it('gives a changed snapshot the next revision and publishes it once', async () => {
    const published: number[] = [];
    const unsubscribe = core.subscribe((snapshot) => published.push(snapshot.revision));
    const before = core.snapshot().revision;
    await route(app, { type: 'updateSettings', change: { ringAlsoOnDefault: !core.snapshot().settings.ringAlsoOnDefault } });
    unsubscribe();
    expect(published).toEqual([before + 1]);
  });

  it('passes the ring window’s measure on to the desktop only when it differs from the last one', async () => {
    const reports: RingContentReport[] = [];
    const withDesktop = createCommandRouter(core, ['app://softphone'], { fitRingWindow: (report) => reports.push(report) });
    for (const height of [23, 23, 23, 415, 415, 23]) await withDesktop(app, { type: 'fitRingWindow', height, cards: height > 100 ? 1 : 0 });
    expect(reports).toEqual([
      { height: 23, cards: 0 },
      { height: 415, cards: 1 },
      { height: 23, cards: 0 },
    ]);
  });
});
