// Calls that start elsewhere than the Call field, in Chromium: a tel: link another application opened asks
// first and places the call as Home's Call button does; a missed call in Recent is called back.
import { describe, expect, it } from 'vitest';
import { linkActionFromArgv } from '../../main/links/linkAction.js';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

/** Ada's number in the local service's directory: she answers. */
const ADAS_NUMBER = 'tel:+14255550123';
/** A caller the directory does not know: the local service has her answer when called back. */
const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

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

  it('a missed video call from Ada in Recent: Call back places a new call to her, which she answers', async () => {
    const { page } = session.app;
    const caller = await session.call({ video: true, from: ADA });
    await page.getByRole('button', { name: 'Accept with video' }).first().waitFor();
    caller.cancel();
    const recent = page.getByRole('list', { name: 'Recent calls' });
    const entry = recent.getByRole('listitem').filter({ hasText: 'Missed call from Ada Lovelace' });
    await entry.getByRole('button', { name: 'Video call back Ada Lovelace' }).waitFor();
    await entry.scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL('recent-call-back.png', ARTIFACTS).pathname });

    await entry.getByRole('button', { name: 'Call back Ada Lovelace', exact: true }).click();
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    const callee = service().callPlacedTo(ADA.uri)!;
    await waitFor('the microphone at Ada', () => callee.media.received.audio > 25);
    expect(callee.media.received.video).toBe(0);
    await call.getByRole('button', { name: 'Hang up' }).click();
    await recent.getByText('You hung up.').waitFor();
    // The call back is in Recent too, and can be called back in turn (audio: it was an audio call).
    const back = recent.getByRole('listitem').filter({ hasText: 'You hung up.' });
    await back.getByRole('button', { name: 'Call back Ada Lovelace', exact: true }).waitFor();
    expect(await back.getByRole('button', { name: 'Video call back Ada Lovelace' }).count()).toBe(0);
    // Message opens a conversation with her, as Home's Message does: it starts with the first message.
    await back.getByRole('button', { name: 'Message Ada Lovelace', exact: true }).click();
    await page.getByRole('region', { name: 'Conversation with ada@contoso.com' }).waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});
