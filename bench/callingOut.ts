// Calls the user places from Home's Call field in the main window, to the local service's callees: one
// that answers in WebRTC's dialect (direct) and a phone number, which answers only in Skype for Business's
// (through the media bridge, as every `tel:` call goes). Each is timed from the click on Call to the service reading the offer's POST, and from
// the callee's answer leaving the service to audio both ways, then hung up.
import type { PageClock } from './clock.js';
import { firstTimeThat } from './clock.js';
import { waitFor, type BenchApp } from './appCalls.js';
import type { FloorPage } from './floorPage.js';
import { callOutFloor } from './floors.js';
import { clickTimed, markAt, markCount, pollFirstInbound } from './pageMarks.js';
import { latencyRows, type Row } from './report.js';

/** Who each kind of call goes to: answers@ takes WebRTC's dialect; Ada's number is offered in SfB's by the bridge. */
const CALLEES = { direct: 'sip:answers@softphone.local', bridged: 'tel:+14255550123' } as const;
type CallOutKind = keyof typeof CALLEES;

/** One call's intervals in ms, on Node's clock. */
type CallOutTimings = {
  /** The click on Call in the main window → the service has read the startAudio POST with the offer. */
  clickToOffer: number;
  /** The callee's answer leaves the service → the first audio RTP packet both at the callee and in the page. */
  answerToAudio: number;
};

export type CallsOut = Record<CallOutKind, CallOutTimings[]> & { floor: { offer: number[]; answerToAudio: number[] } };

/** `count` audio calls of each kind in turn, each pair followed by one call from scratch in the floor page; one warm-up of each first. */
export async function measureCallsOut(app: BenchApp, floor: FloorPage, floorClock: PageClock, count: number): Promise<CallsOut> {
  const measured: CallsOut = { direct: [], bridged: [], floor: { offer: [], answerToAudio: [] } };
  await callOut(app, 'direct');
  await callOut(app, 'bridged');
  await callOutFloor(floor, floorClock);
  for (let i = 0; i < count; i++) {
    measured.direct.push(await callOut(app, 'direct'));
    measured.bridged.push(await callOut(app, 'bridged'));
    const { offer, answerToAudio } = await callOutFloor(floor, floorClock);
    measured.floor.offer.push(offer);
    measured.floor.answerToAudio.push(answerToAudio);
  }
  return measured;
}

async function callOut(app: BenchApp, kind: CallOutKind): Promise<CallOutTimings> {
  const { main, mainClock, harness } = app;
  const service = harness.core.localService!;
  const to = CALLEES[kind];
  const earlier = service.callPlacedTo(to);
  const answers = app.answersReleasedAt.length;
  const audioMarks = await markCount(main, 'firstAudioPacket');

  await main.getByLabel('Call someone').fill(to);
  const clickedAt = mainClock.toNode(await clickTimed(main.getByRole('button', { name: 'Call', exact: true })));
  await pollFirstInbound(main, 'audio');
  const placed = await waitFor('the call to reach the service', () => service.callPlacedTo(to) !== earlier && service.callPlacedTo(to));
  const calleeHeard = firstTimeThat(`the page’s audio at the ${kind} callee`, () => placed.media.received.audio > 0);
  const answeredAt = await waitFor('the answer to leave the service', () => app.answersReleasedAt[answers]);
  const pageHeard = mainClock.toNode(await markAt(main, 'firstAudioPacket', audioMarks));
  const timings = { clickToOffer: placed.postedAt - clickedAt, answerToAudio: Math.max(pageHeard, await calleeHeard) - answeredAt };

  await main.getByRole('button', { name: 'Hang up' }).click();
  await main.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'detached' });
  return timings;
}

/** The figures of calling out, each beside the same step done from scratch in the floor page without the app. */
export function callingOutRows({ direct, bridged, floor }: CallsOut): Row[] {
  const offerFloor = { name: 'offer from scratch, audio', samples: floor.offer };
  const audioFloor = { name: 'page ↔ werift callee alone', samples: floor.answerToAudio };
  return [
    ...latencyRows(
      'click Call to offer POSTed, direct call',
      direct.map((call) => call.clickToOffer),
      offerFloor,
    ),
    ...latencyRows(
      'click Call to offer POSTed, bridged call',
      bridged.map((call) => call.clickToOffer),
      offerFloor,
    ),
    ...latencyRows(
      'answer to audio both ways, direct call',
      direct.map((call) => call.answerToAudio),
      audioFloor,
    ),
    ...latencyRows(
      'answer to audio both ways, bridged call',
      bridged.map((call) => call.answerToAudio),
      audioFloor,
    ),
  ];
}
