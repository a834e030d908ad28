// Calls that start elsewhere than the Call field, in Chromium: a tel: link another application opened asks
// first and places the call as Home's Call button does.
import { describe, expect, it } from 'vitest';
import { linkActionFromArgv } from '../../main/links/linkAction.js';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

/** Ada's number in the local service's directory: she answers. */
const ADAS_NUMBER = 'tel:+14255550123';

describe('calls from links', () => {
  const session = useAppSession();
  const service = () => session.harness.core.localService!;

  it('a tel: link asks first: Not now does nothing, Call places the call to the callee the number names', async () => {
    const { page } = session.app;
    // What the Electron adapter does with a tel: link from the command line (main/links reads it).
    const link = linkActionFromArgv(['/opt/Softphone/softphone', '--', 'tel:+1-425-555-0123']);
    expect(link).toEqual({ kind: 'call', address: ADAS_NUMBER });
    session.harness.core.requestFromLink(link!);
    const card = page.getByRole('region', { name: 'Call +14255550123?' });
    await card.getByRole('button', { name: 'Call', exact: true }).click({ trial: true }); // waits until it is enabled
    await page.screenshot({ path: new URL('link-call.png', ARTIFACTS).pathname });
    await card.getByRole('button', { name: 'Not now' }).click();
    await card.waitFor({ state: 'detached' });
    expect(session.harness.core.snapshot().calls).toEqual([]);
    expect(service().callPlacedTo(ADAS_NUMBER)).toBeUndefined();

    session.harness.core.requestFromLink(link!);
    await card.getByRole('button', { name: 'Call', exact: true }).click(); // waits until it is enabled
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    await card.waitFor({ state: 'detached' });
    const callee = service().callPlacedTo(ADAS_NUMBER)!;
    await waitFor('the microphone at the callee', () => callee.media.received.audio > 25);
    expect(callee.media.received.video).toBe(0);
    await call.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You hung up.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});
