// An app left alone is quiet: its windows send next to no commands, whatever happened before. A window
// that answered each snapshot with a command kept the core, the page and Chromium busy for as long as it
// ran (issue 12: 4 545 commands in 5 s from a ring window with no call).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openRingWindow, wireLog, type AppPage } from '../harness/browser.js';
import { useAppSession } from '../harness/session.js';

const WINDOW_MS = 10_000;
const MAX_COMMANDS_PER_SECOND = 1;

const commandsSent = async (window: AppPage) => (await wireLog(window.page)).filter((entry) => entry.type !== 'getUserMedia').length;

describe('an idle app', () => {
  const session = useAppSession();

  it('sends at most one command a second from each window over ten seconds, signed in and after a call rang and ended', async () => {
    const main = session.app;
    const ring = await openRingWindow(main, session.harness);
    const peer = await session.call({ video: true });
    await ring.page.getByRole('alertdialog').waitFor();
    peer.cancel();
    await ring.page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await main.page.getByRole('alertdialog').waitFor({ state: 'detached' });

    const before = await Promise.all([commandsSent(main), commandsSent(ring)]);
    await sleep(WINDOW_MS);
    const after = await Promise.all([commandsSent(main), commandsSent(ring)]);
    const perWindow = { main: after[0] - before[0], ring: after[1] - before[1] };
    expect(perWindow.main, 'commands from the main window').toBeLessThanOrEqual((WINDOW_MS / 1000) * MAX_COMMANDS_PER_SECOND);
    expect(perWindow.ring, 'commands from the ring window').toBeLessThanOrEqual((WINDOW_MS / 1000) * MAX_COMMANDS_PER_SECOND);
  });
});
