// Joining a meeting's audio from the person's own phone (issue 18, join by dial-in), through the real core
// against the embedded local service: the meeting conversation's phoneAudio → addPhoneAudio rings the
// person's phone, then puts it in the conference; leaving the meeting hangs it up.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { policySchema } from '../../main/policy/schema.js';
import { eventually } from '../support/localServer.js';

const WORK = 'tel:+14255550100';
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:PH0NE42';
const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});

/** Signed in on the local service, in a meeting (no lobby). */
async function inMeeting(local: LocalServiceOptions = {}) {
  const core = await Core.start({
    endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2, calleeAnswerMs: 0, ...local },
    policy: { policy: policySchema.parse({}) },
  });
  started.push(core);
  const meeting = core.localService!.createMeeting(MEETING, { subject: 'Standup' });
  const callId = await core.calls.joinMeeting(MEETING);
  await eventually('in the meeting', () => core.snapshot().calls.find((call) => call.id === callId && call.phase === 'connected'));
  const router = createCommandRouter(core, ['app://softphone']);
  const route = (command: Parameters<typeof router>[1]) => router({ url: 'app://softphone/index.html' }, command);
  const phoneOf = () => core.snapshot().calls.find((call) => call.id === callId)?.meetingPhone;
  return { core, meeting, callId, route, phoneOf };
}

describe('joining a meeting by phone (addPhoneAudio)', () => {
  it('calls the person’s phone, puts it in the meeting, and leaving hangs it up', async () => {
    const { core, meeting, callId, route, phoneOf } = await inMeeting({ phones: [{ type: 'Work', number: WORK }] });
    expect(await route({ type: 'joinMeetingByPhone', callId })).toMatchObject({ ok: true });
    expect(await eventually('the phone in the meeting', () => phoneOf()?.phase === 'connected' && phoneOf())).toEqual({ phase: 'connected', number: WORK });
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Connected' }]);
    await core.calls.leave(callId);
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Failed' }]);
  });

  it('a second request while the first is on its way is refused, and the meeting calls the phone once', async () => {
    const { callId, route, phoneOf, meeting } = await inMeeting({ phones: [{ type: 'Work', number: WORK }] });
    const [first, second] = await Promise.all([route({ type: 'joinMeetingByPhone', callId }), route({ type: 'joinMeetingByPhone', callId })]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: false, error: { code: 'Unavailable', message: 'The meeting is already calling your phone' } });
    expect(await eventually('the phone in the meeting', () => phoneOf()?.phase === 'connected')).toBe(true);
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Connected' }]);
  });

  it('says so when the person’s phone declines, and the meeting goes on', async () => {
    const { callId, route, phoneOf, core, meeting } = await inMeeting({ phones: [{ type: 'Work', number: WORK }], yourPhone: 'declines' });
    await route({ type: 'joinMeetingByPhone', callId });
    expect(await eventually('the phone to fail', () => phoneOf()?.phase === 'ended' && phoneOf())).toEqual({
      phase: 'ended',
      number: WORK,
      problem: 'Your phone declined the meeting’s call.',
    });
    expect(core.snapshot().calls.find((call) => call.id === callId)?.phase).toBe('connected');
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Failed' }]);
  });

  it('hangs up the person’s phone and stays in the meeting, which can call it again', async () => {
    const { core, callId, route, phoneOf, meeting } = await inMeeting({ phones: [{ type: 'Work', number: WORK }] });
    await route({ type: 'joinMeetingByPhone', callId });
    await eventually('the phone in the meeting', () => phoneOf()?.phase === 'connected');
    expect(await route({ type: 'stopMeetingPhone', callId })).toMatchObject({ ok: true });
    await eventually('the phone hung up', () => phoneOf() === undefined || phoneOf()?.phase === 'ended');
    expect(phoneOf()?.problem).toBeUndefined();
    expect(core.snapshot().calls.find((call) => call.id === callId)?.phase).toBe('connected');
    expect(meeting.phone.calls).toEqual([{ phoneNumber: WORK, state: 'Failed' }]);
    expect(await route({ type: 'joinMeetingByPhone', callId })).toMatchObject({ ok: true });
    await eventually('the phone in the meeting again', () => phoneOf()?.phase === 'connected');
  });

  it('stops the meeting calling the person’s phone while it rings, without calling that a problem', async () => {
    const { callId, route, phoneOf, meeting } = await inMeeting({ phones: [{ type: 'Work', number: WORK }], yourPhone: 'noAnswer' });
    await route({ type: 'joinMeetingByPhone', callId });
    await eventually('the phone ringing', () => phoneOf()?.phase === 'calling');
    expect(await route({ type: 'stopMeetingPhone', callId })).toMatchObject({ ok: true });
    await eventually('the call to the phone stopped', () => meeting.phone.calls[0]?.state === 'Failed' && phoneOf()?.phase !== 'calling');
    expect(phoneOf()?.problem).toBeUndefined();
  });

  it('refuses to hang up a phone that is not in the meeting', async () => {
    const { callId, route } = await inMeeting({ phones: [{ type: 'Work', number: WORK }] });
    expect(await route({ type: 'stopMeetingPhone', callId })).toMatchObject({
      ok: false,
      error: { code: 'Unavailable', message: 'Your phone is not in the meeting' },
    });
  });

  it('without a phone number, says to set one and sends nothing', async () => {
    const { callId, route, meeting } = await inMeeting();
    expect(await route({ type: 'joinMeetingByPhone', callId })).toMatchObject({
      ok: false,
      error: { code: 'Unavailable', message: 'Set your phone number in Settings to join meetings by phone.' },
    });
    expect(meeting.phone.calls).toEqual([]);
  });
});
