// The log's "Call <id> ended" lines come from where calls end, as main.ts wires them: every call once, an
// invitation to add someone among them (not in the history) and one that Recent does not show (the server's
// logs, with its clock ahead, fill the newest entries).
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { callEndedLine } from '../../main/logging/callEnds.js';
import { logSnapshotEvents } from '../../main/logging/snapshotEvents.js';
import { HISTORY_RECENT_SHOWN } from '../../preload/shared/history.js';
import { CHROME_OFFER, eventually, scriptedCaller } from '../support/localServer.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});

describe('the log of ended calls', () => {
  it('says once how each call ended: an added participant’s invitation, and a call below the newest entries of Recent', async () => {
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line), warn: () => undefined, error: () => undefined, debug: () => undefined };
    const core = await Core.start({
      endpointId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
      userAgent: 'softphone-test',
      onCallEnded: (call) => logger.info(callEndedLine(call)),
    });
    started.push(core);
    logSnapshotEvents(core, logger);
    const service = core.localService!;
    await eventually('signed in', () => core.snapshot().account.state === 'signedIn');
    // The server's clock is an hour ahead: its logs are the newest entries of Recent.
    for (let minutes = 0; minutes < HISTORY_RECENT_SHOWN; minutes++) {
      service.conversationLogs.add({
        type: 'AudioLog',
        status: 'Archived',
        direction: 'Incoming',
        who: ADA,
        subject: 'ahead',
        modalities: ['Audio'],
        startedAt: Date.now() + (60 + minutes) * 60_000,
        messages: [],
        read: true,
      });
    }
    await eventually('the server’s logs in Recent', () => core.snapshot().history.recent.filter((entry) => entry.source === 'server').length >= 20);
    // Five more of the server's, ahead too: Recent's newest entries are all the server's.
    await core.conversationLogs.readOlder();
    await eventually(
      'Recent full of the server’s logs',
      () => core.snapshot().history.recent.every((entry) => entry.source === 'server') && core.snapshot().history.recent.length === HISTORY_RECENT_SHOWN,
    );

    const leg = service.placeCall(scriptedCaller().request);
    const ringing = await eventually('ringing', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    await core.calls.answer(ringing.id, ANSWER);
    await leg.outcome;
    await eventually('connected', () => core.snapshot().calls.find((call) => call.phase === 'connected'));
    service.addPerson(ADA, 'accept');
    const invitationId = await core.calls.addParticipant(ringing.id, ADA.uri);
    await eventually('the invitation’s end logged', () => lines.some((line) => line.startsWith(`Call ${invitationId} `) && line.includes('ended')));
    await core.calls.hangUp(ringing.id);
    await eventually('the call’s end logged', () => lines.some((line) => line.startsWith(`Call ${ringing.id} (`) && line.includes('ended')));
    expect(core.snapshot().history.recent.some((entry) => entry.id === ringing.id)).toBe(false);

    const ends = lines.filter((line) => / ended: /.test(line));
    expect(ends).toEqual([`Call ${invitationId} (participant) ended: joined`, `Call ${ringing.id} (audioVideo) ended: answered`]);
  });
});
