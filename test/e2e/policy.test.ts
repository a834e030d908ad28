// The administrator's policy as a person meets it: what is turned off is not offered, locked settings
// cannot be changed and say who set them.
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../main/policy/schema.js';
import { seriousViolations } from '../harness/accessibility.js';
import { answersPrepared, waitFor, wireLog } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const policy = policySchema.parse({
  features: { video: false, meetings: false, declineWithMessage: false },
  settings: { doNotDisturb: 'off', startAtLogin: 'hidden', ringer: { label: 'Desk phone speaker' } },
});

describe('the admin policy in the page', () => {
  const session = useAppSession({ policy: { policy, source: '/etc/softphone/policy.json' } });

  it('offers no video, no meeting join and no decline with a message; locked settings are shown as set by the administrator', async () => {
    const { page } = session.app;
    expect(await page.getByLabel('Join a meeting').count()).toBe(0);

    await session.call({ video: true, from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' } });
    const ring = page.getByRole('alertdialog');
    await ring.waitFor();
    expect(await ring.getByRole('button').allTextContents()).toEqual([' Accept', ' Decline']);
    await ring.getByRole('button', { name: 'Decline' }).click();
    await ring.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Settings' }).click();
    const dnd = page.getByRole('group', { name: 'Do not disturb' });
    await dnd.waitFor();
    expect(await dnd.getByRole('radio', { name: /^Off/ }).isChecked()).toBe(true);
    expect(await dnd.getByRole('radio', { name: /^Decline/ }).isDisabled()).toBe(true);
    expect(await dnd.getByText('Set by your administrator.').count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'Start in the background (calls still ring)' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Ring on', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Camera').count()).toBe(0);
    expect(await page.getByLabel('Microphone', { exact: true }).isDisabled()).toBe(false);
    await page.screenshot({ path: new URL('settings-locked.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('early media turned off, in the page', () => {
  const session = useAppSession({ policy: { policy: policySchema.parse({ features: { earlyMedia: false } }), source: '/etc/softphone/policy.json' } });

  it('answers an audio call only on Accept: nothing goes to the caller while it rings', async () => {
    const { page } = session.app;
    const peer = await session.call({ video: false, from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' } });
    await page.getByRole('alertdialog').waitFor();
    await waitFor('the prepared answer', () => answersPrepared(page, 1));
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    expect(await peer.outcome).toEqual({ status: 'Success' });
    expect(peer.provisionalAnswerSdp).toBeUndefined();
    expect((await wireLog(page)).map((entry) => entry.type)).not.toContain('provisionalAnswer');
    await waitFor('the media path once answered', () => peer.connectionState === 'connected');
    await page.getByRole('button', { name: 'Hang up' }).click();
    expect(await peer.ended).toBe('callee');
  });
});
