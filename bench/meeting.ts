// A meeting of 50 whose speaking changes five times a second (issue 18's Performance): the local service's
// meeting with 50 scripted people, a third of them speaking, the third changing every 200 ms (two thirds of
// the 50 start or stop: about 33 participantAudio events a tick, one event batch), joined by the app's core in a process of its own (presenceCore.mjs: its
// CPU) and by a bench app whose main window shows the roster (its frames and longest task timed). Each
// figure is beside the same meeting with nobody's speaking changing, in the same run.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Meeting } from '../main/local/outgoing.js';
import { waitFor } from '../test/harness/browser.js';
import { coreAndPageDuring, coreAndPageRows, openBenchAppWithCore, stopChild, type CoreAndPage } from './presence.js';
import type { Row } from './report.js';

const CORE = fileURLToPath(new URL('./presenceCore.mjs', import.meta.url));
const MEETING = 'sip:bench@contoso.com;gruu;opaque=app:conf:focus:id:BENCH50';
const PEOPLE = 50;
const TICK_MS = 200;
const QUIET_MS = 3000;
const SPEAKING_MS = 10_000;

export type MeetingBench = { quiet: CoreAndPage; speaking: CoreAndPage };

export async function measureMeeting(browser: Browser): Promise<MeetingBench> {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ name: `Colleague ${i + 1}`, uri: `sip:colleague${i + 1}@contoso.com` }));
  let meeting: Meeting | undefined;
  let childSees = 0;
  // The measured core joins the meeting while the windows open: nothing is measured until both show everyone.
  const { app, child } = await openBenchAppWithCore(browser, {}, (service) => {
    meeting = service.createMeeting(MEETING, { subject: 'Bench meeting' });
    for (const person of people) meeting.roster.arrive(person);
    const forked = fork(CORE, [service.rootUrl.href, service.credentials.username, service.credentials.password, MEETING]);
    forked.on('message', (message: { inRoster?: number }) => void (childSees = message.inRoster ?? childSees));
    return forked;
  });
  const service = app.harness.core.localService!;
  let pagePublications = 0;
  const unsubscribe = app.harness.core.subscribe(() => pagePublications++);
  let ticker: NodeJS.Timeout | undefined;
  try {
    await app.main.getByLabel('Join a meeting').fill(MEETING);
    await app.main.getByRole('button', { name: 'Join' }).click();
    await app.main.getByRole('heading', { name: `People (${PEOPLE})` }).waitFor();
    await waitFor('the roster in the measured core', () => childSees === PEOPLE, 60_000, 100);
    const during = (ms: number) => coreAndPageDuring(child, app.main, ms, () => pagePublications);
    const quiet = await during(QUIET_MS);
    let tick = 0;
    ticker = setInterval(() => {
      tick++;
      service.inOneBatch(() => people.forEach((person, i) => meeting!.roster.speak(person.uri, (tick + i) % 3 === 0)));
    }, TICK_MS);
    const speaking = await during(SPEAKING_MS);
    return { quiet, speaking };
  } finally {
    clearInterval(ticker);
    unsubscribe();
    await stopChild(child);
    await app.close();
  }
}

export function meetingRows({ quiet, speaking }: MeetingBench): Row[] {
  return coreAndPageRows(`meeting of ${PEOPLE}, who speaks changing ${1000 / TICK_MS}× a second`, speaking, { name: 'nobody’s speaking changing', ...quiet });
}
