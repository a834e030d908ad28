import sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { pageInboundRtp, stalls, waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };

const directions = (sdp: string | undefined) => sdpTransform.parse(sdp ?? '').media.map((m) => m.direction);

describe('hold and resume (a new offer through the audioVideoSession’s renegotiations)', () => {
  const session = useAppSession();

  async function connectedCall() {
    const { page } = session.app;
    const peer = await session.call({ video: false, from: ADA });
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await waitFor('the microphone at the caller', () => peer.received.audio > 25);
    await waitFor('the caller in the page', async () => (await pageInboundRtp(page)).audioPackets > 25);
    return peer;
  }

  it('the person holds (sendonly, no track on the senders): nothing goes either way while held, and both ways again after Resume', async () => {
    const { page } = session.app;
    const peer = await connectedCall();
    await page.getByRole('button', { name: 'Hold' }).click();
    await page.getByRole('status').getByText('On hold').waitFor();
    expect(directions(peer.lastRenegotiationOffer)).toEqual(['sendonly']);
    await waitFor('the microphone to stop at the caller', () => stalls(() => peer.received.audio));
    await waitFor('the caller’s sound to stop in the page', () => stalls(async () => (await pageInboundRtp(page)).audioPackets));
    await page.screenshot({ path: new URL('call-on-hold.png', ARTIFACTS).pathname });

    const heldAt = peer.received.audio;
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Hold' }).waitFor();
    expect(directions(peer.lastRenegotiationOffer)).toEqual(['sendrecv']);
    await waitFor('the microphone at the caller again', () => peer.received.audio > heldAt + 25);
    expect(await page.getByText('On hold').count()).toBe(0);
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await peer.ended).toBe('callee');
  });

  it('the caller holds: the page answers their offer, says so, sends nothing, and carries on when they resume', async () => {
    const { page } = session.app;
    const peer = await connectedCall();
    await peer.hold();
    await page.getByRole('status').getByText(`${ADA.name} put you on hold`).waitFor();
    await waitFor('the microphone to stop at the caller', () => stalls(() => peer.received.audio));

    const heldAt = peer.received.audio;
    await peer.resume();
    await waitFor('the microphone at the caller again', () => peer.received.audio > heldAt + 25);
    expect(await page.getByText('put you on hold').count()).toBe(0);
    expect(session.app.cspViolations).toEqual([]);
  });
});
