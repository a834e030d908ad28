import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../preload/shared/contract.js';
import { Core } from '../../main/core/core.js';
import { eventually, scriptedCaller } from '../support/localServer.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-settings-'));
const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(settingsFile?: string): Promise<Core> {
  const core = await Core.start({
    endpointId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2 },
    ...(settingsFile && { settingsFile }),
  });
  started.push(core);
  return core;
}

describe('settings', () => {
  const chosen: Settings = {
    microphone: { id: 'a04a9078', label: 'Jabra Evolve2 65' },
    ringer: { id: '25809871', label: 'Desk speaker' },
    ringAlsoOnDefault: true,
    doNotDisturb: 'silence',
    answerShortcut: 'CommandOrControl+Alt+P',
    startAtLogin: 'hidden',
    joinMicrophoneOff: true,
    joinCameraOff: false,
    joinByPhone: true,
  };

  it('are kept in their file and come back on the next start; a damaged file gives the defaults', async () => {
    const file = join(dir, 'settings.json');
    (await start(file)).updateSettings(chosen);
    expect((await start(file)).snapshot().settings).toEqual(chosen);

    // A file from before start-at-login existed keeps its settings, with start at login off.
    const { startAtLogin: _added, ...older } = chosen;
    writeFileSync(file, JSON.stringify(older));
    expect((await start(file)).snapshot().settings).toEqual({ ...older, startAtLogin: 'off' });

    writeFileSync(file, '{"doNotDisturb": "maybe"');
    expect((await start(file)).snapshot().settings).toEqual(DEFAULT_SETTINGS);
  });

  it('the answer shortcut answers the newest ringing call, with video when it offers video', async () => {
    const core = await start();
    expect(core.answerNewestRinging()).toBe(false);
    core.localService!.placeCall(scriptedCaller().request);
    const ringing = await eventually('a ring', () => core.snapshot().calls[0]);
    expect(core.answerNewestRinging()).toBe(true);
    expect(core.snapshot().calls.find((call) => call.id === ringing.id)?.answerChoice).toEqual({ video: true });

    // The main window could not answer: the choice is withdrawn with the reason, and it still rings.
    core.answerFailed(ringing.id, 'Could not answer: the microphone is in use');
    expect(core.snapshot().calls.find((call) => call.id === ringing.id)).toMatchObject({
      phase: 'ringing',
      answerProblem: 'Could not answer: the microphone is in use',
    });
    expect(core.snapshot().calls[0]?.answerChoice).toBeUndefined();
  });

  it('pressed again with two calls ringing, the answer shortcut answers the older one too', async () => {
    const core = await start();
    core.localService!.placeCall(scriptedCaller({ subject: 'first' }).request);
    await eventually('the first ring', () => core.snapshot().calls.length === 1);
    core.localService!.placeCall(scriptedCaller({ subject: 'second' }).request);
    await eventually('the second ring', () => core.snapshot().calls.length === 2);
    expect(core.answerNewestRinging()).toBe(true);
    expect(core.answerNewestRinging()).toBe(true);
    expect(core.snapshot().calls.map((call) => [call.subject, call.answerChoice !== undefined])).toEqual([
      ['first', true],
      ['second', true],
    ]);
    expect(core.answerNewestRinging()).toBe(false);
  });

  it('changes merge: quick successive changes all stick, and null puts a device back to the default', async () => {
    const core = await start();
    core.updateSettings({ ringer: { id: 'r1', label: 'Desk speaker' } });
    core.updateSettings({ microphone: { id: 'm1', label: 'Headset' } });
    core.updateSettings({ ringer: null, answerShortcut: null });
    expect(core.snapshot().settings).toEqual({
      ringAlsoOnDefault: false,
      doNotDisturb: 'off',
      startAtLogin: 'off',
      joinMicrophoneOff: false,
      joinCameraOff: false,
      joinByPhone: false,
      microphone: { id: 'm1', label: 'Headset' },
    });
  });

  it('do-not-disturb set to decline turns calls away as they ring', async () => {
    const core = await start();
    core.updateSettings({ ...DEFAULT_SETTINGS, doNotDisturb: 'decline' });
    const leg = core.localService!.placeCall(scriptedCaller().request);
    expect(await leg.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Declined' } });
    const declined = await eventually('the call in the history', () => core.snapshot().history.recent[0]);
    expect(declined.outcome).toBe('declined');

    core.updateSettings({ ...DEFAULT_SETTINGS, doNotDisturb: 'silence' });
    core.localService!.placeCall(scriptedCaller().request);
    expect((await eventually('a silent ring', () => core.snapshot().calls[0])).phase).toBe('ringing');
  });
});
