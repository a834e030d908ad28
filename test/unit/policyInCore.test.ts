// The administrator's policy as the core applies it: locked settings, features turned off (refused
// commands, invitations declined at once), and the sentence for a policy file that was ignored.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandRouter } from '../../main/ipc/router.js';
import { loadPolicy, type LoadedPolicy } from '../../main/policy/load.js';
import { policySchema } from '../../main/policy/schema.js';
import { configuredServer } from '../../main/policy/server.js';
import { Core } from '../../main/core/core.js';
import { MemoryCredentialStore } from '../support/credentials.js';
import { CHROME_OFFER, eventually, scriptedCaller } from '../support/localServer.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-policy-core-'));
const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});

function policyFile(name: string, content: string): LoadedPolicy {
  const file = join(dir, name);
  writeFileSync(file, content);
  return loadPolicy([file]);
}

async function start(policy: LoadedPolicy, settingsFile?: string) {
  const core = await Core.start({
    endpointId: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2 },
    policy,
    ...(settingsFile && { settingsFile }),
  });
  started.push(core);
  return { core, route: createCommandRouter(core, ['app://softphone']) };
}
const sender = { url: 'app://softphone/index.html' };

describe('the admin policy in the core', () => {
  it('locks the settings it sets over the person’s own, which stay theirs for the rest', async () => {
    const settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ringAlsoOnDefault: false, doNotDisturb: 'silence', answerShortcut: 'CommandOrControl+Alt+P' }));
    const { core, route } = await start(
      policyFile('locks.json', JSON.stringify({ settings: { doNotDisturb: 'off', ringer: { label: 'Desk phone speaker' }, startAtLogin: 'hidden' } })),
      settingsFile,
    );
    const { settings, policy } = core.snapshot();
    expect(settings).toMatchObject({
      doNotDisturb: 'off',
      ringer: { id: '', label: 'Desk phone speaker' },
      startAtLogin: 'hidden',
      answerShortcut: 'CommandOrControl+Alt+P',
    });
    expect([...policy.locked].sort()).toEqual(['doNotDisturb', 'ringer', 'startAtLogin']);

    const refused = await route(sender, { type: 'updateSettings', change: { doNotDisturb: 'decline' } });
    expect(refused).toEqual({ ok: false, error: { code: 'Unavailable', message: 'Your administrator manages this setting (doNotDisturb).' } });
    const allowed = await route(sender, { type: 'updateSettings', change: { ringAlsoOnDefault: true } });
    expect(allowed.ok && allowed.snapshot.settings).toMatchObject({ ringAlsoOnDefault: true, doNotDisturb: 'off' });
  });

  it('refuses what it turns off and declines invitations to it at once', async () => {
    const { core, route } = await start(policyFile('features.json', JSON.stringify({ features: { meetings: false, messaging: false, testCall: false } })));
    expect(core.snapshot()).toMatchObject({ canStartTestCall: false, policy: { features: { meetings: false, messaging: false, video: true } } });
    expect(await route(sender, { type: 'joinMeeting', uri: 'conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B' })).toEqual({
      ok: false,
      error: { code: 'Unavailable', message: 'Your administrator has turned meetings off.' },
    });
    expect(await route(sender, { type: 'startTestCall', video: false })).toMatchObject({
      ok: false,
      error: { message: 'Your administrator has turned test calls off.' },
    });

    const leg = core.localService!.startMessaging({ from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' }, message: 'Lunch?' });
    const outcome = await leg.outcome;
    expect(outcome.status === 'Failure' && outcome.reason.subcode).toBe('Declined');
    await eventually('the declined invitation in the history', () => core.snapshot().history.recent.find((entry) => entry.kind === 'messaging'));
  });

  it('with video turned off, refuses SDP that would send or receive video', async () => {
    const { route } = await start(policyFile('novideo.json', JSON.stringify({ features: { video: false } })));
    const withVideo = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
    const withoutVideo = withVideo.replace(/(m=video [^\r\n]*\r?\n(?:(?!m=)[^\r\n]*\r?\n)*?)a=recvonly/, '$1a=inactive');
    expect(await route(sender, { type: 'answer', callId: 'c1', sdp: withVideo })).toEqual({
      ok: false,
      error: { code: 'Unavailable', message: 'Your administrator has turned video off.' },
    });
    expect(await route(sender, { type: 'answer', callId: 'c1', sdp: withoutVideo })).toMatchObject({ ok: false, error: { code: 'UnknownCall' } });
  });

  it('with early media turned off, refuses an early answer: the caller learns nothing before the person answers', async () => {
    const { core, route } = await start(policyFile('noearly.json', JSON.stringify({ features: { earlyMedia: false } })));
    const early: string[] = [];
    const caller = scriptedCaller({ acceptProvisionalAnswer: (sdp) => early.push(sdp) });
    const leg = core.localService!.placeCall(caller.request);
    const ringing = await eventually('the ringing call', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    const answerSdp = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
    expect(await route(sender, { type: 'provisionalAnswer', callId: ringing.id, sdp: answerSdp })).toEqual({
      ok: false,
      error: { code: 'Unavailable', message: 'Your administrator has turned early media off.' },
    });
    expect(await route(sender, { type: 'answer', callId: ringing.id, sdp: answerSdp })).toMatchObject({ ok: true });
    expect(await leg.outcome).toEqual({ status: 'Success' });
    expect(early).toEqual([]);
    expect(caller.answers).toEqual([answerSdp]);
  });

  it('names the server to sign in to and how', () => {
    const keep = { discoveryCacheFile: join(dir, 'discovery.json'), credentials: new MemoryCredentialStore() };
    expect(configuredServer(policySchema.parse({}), keep)).toBeUndefined();
    expect(configuredServer(policySchema.parse({ server: { sipDomain: 'Contoso.com' } }), keep)).toEqual({
      location: { sipDomain: 'contoso.com' },
      method: 'password',
      ...keep,
    });
    expect(configuredServer(policySchema.parse({ server: { rootUrl: 'https://lyncdiscover.contoso.com/' }, signIn: { method: 'windows' } }), keep)).toEqual({
      location: { rootUrl: new URL('https://lyncdiscover.contoso.com/') },
      method: 'windows',
      ...keep,
    });
  });

  it('an invalid policy file gives the defaults and says why', async () => {
    const { core } = await start(policyFile('broken.json', '{"features": {"video": "no"}}'));
    expect(core.snapshot().policy).toMatchObject({ locked: [], features: { video: true } });
    expect(core.snapshot().policy.problem).toMatch(/^The admin policy .*broken\.json was ignored: features\.video/);
  });
});
