// The dial pad in Chromium (issue 15): digits clicked on the pad and typed on the keyboard leave as RFC 4733
// telephone-events (RTCRtpSender.dtmf) and the other end reads them back, in order and each once: the test
// call's caller (an incoming call), the WebRTC callee answers@ (an outgoing call), and a Skype for Business
// caller through the media bridge, whose telephone-event payload type the renderer's leg does not share.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';
import { SfbCaller } from '../support/sfbCaller.js';

/** Opens the call's dial pad, clicks `clicked` on it and types `typed` on the keyboard, without waiting in between. */
async function dial(page: Page, call: Locator, clicked: string, typed: string): Promise<Locator> {
  await call.getByRole('button', { name: 'Dial pad' }).click();
  const pad = call.getByRole('group', { name: 'Dial pad' });
  for (const key of clicked) await pad.getByRole('button', { name: key, exact: true }).click();
  for (const key of typed) await page.keyboard.press(key);
  return pad;
}

/** The digits the pad says it sent, once they all went. */
const padSays = (pad: Locator, digits: string) => pad.getByRole('status').getByText(`Sent ${digits}`, { exact: true }).waitFor();

describe('the dial pad, end to end', () => {
  const session = useAppSession();

  it('sends the digits of an incoming call to its caller, clicked and typed, in order', async () => {
    const { page } = session.app;
    const peer = await session.call({ video: false, from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' } });
    await page.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();

    const pad = await dial(page, call, '1*5', '90#');
    await padSays(pad, '1*590#');
    await waitFor('the digits at the caller', () => peer.digits === '1*590#');
    await page.screenshot({ path: new URL('call-dial-pad.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);
    // Closed, the pad takes no keys; open again, it goes on.
    await call.getByRole('button', { name: 'Dial pad' }).click();
    await page.keyboard.press('8');
    await dial(page, call, '', '7');
    await padSays(pad, '1*590#7');
    await waitFor('the last digit at the caller', () => peer.digits === '1*590#7');
    expect(session.app.cspViolations).toEqual([]);
  });

  it('sends the digits of an outgoing call to the callee', async () => {
    const { page } = session.app;
    await page.getByLabel('Call someone').fill('answers@softphone.local');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call
      .getByRole('timer')
      .getByText(/^\d+:\d\d$/)
      .waitFor();
    const callee = session.harness.core.localService!.callPlacedTo('sip:answers@softphone.local')!;

    const pad = await dial(page, call, '2', '468');
    await padSays(pad, '2468');
    await waitFor('the digits at the callee', () => callee.media.digits === '2468');
  });

  it('sends the digits of a Skype for Business call through the bridge, on the caller’s telephone-event payload type', async () => {
    const { page } = session.app;
    // telephone-event on 70, which WebRTC cannot take: the bridge offers the page another and maps it back.
    const caller = await SfbCaller.call(session.harness.core.localService!, {
      rtcpMux: false,
      alterOffer: (sdp) => sdp.replace(/^(m=audio .*) 101\r$/m, '$1 70\r').replaceAll(/^a=(rtpmap|fmtp):101 /gm, 'a=$1:70 '),
    });
    onTestFinished(() => caller.close());
    await page.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });
    expect(caller.answerSdp).toMatch(/^m=audio \d+ RTP\/SAVP \d+( \d+)* 70\r$/m);
    await caller.connected;
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });

    const pad = await dial(page, call, '0#', '*3');
    await padSays(pad, '0#*3');
    await waitFor('the digits at the caller', () => caller.digits === '0#*3');
    expect(caller.received.failed).toBe(0);
  });

  it('says so when the call agreed on no dial tones', async () => {
    const { page } = session.app;
    const caller = await SfbCaller.call(session.harness.core.localService!, {
      alterOffer: (sdp) => sdp.replace(/^(m=audio .*) 101\r$/m, '$1\r').replaceAll(/^a=(rtpmap|fmtp):101 .*\r\n/gm, ''),
    });
    onTestFinished(() => caller.close());
    await page.getByRole('alertdialog').getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await caller.leg.outcome).toEqual({ status: 'Success' });
    const call = page.getByRole('region', { name: 'Call with Ada Lovelace' });
    await call.getByRole('button', { name: 'Dial pad' }).click();
    const pad = call.getByRole('group', { name: 'Dial pad' });
    await pad.getByText('This call cannot send dial tones: the other side did not agree to them (no telephone-event).').waitFor();
    expect(await pad.getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
