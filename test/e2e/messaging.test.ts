import { describe, expect, it } from 'vitest';
import { waitFor } from '../harness/browser.js';
import { ARTIFACTS, useAppSession } from '../harness/session.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const HOSTILE =
  'Agenda: <b>budget</b> <a href="https://contoso.com/agenda">link</a> <a href="javascript:window.__xss=3">click</a>' +
  '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><style>body{display:none}</style>' +
  '<svg><script>window.__xss=4</script><animate onbegin="window.__xss=5"/></svg>' +
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=6">' +
  '<a href="data:text/html,<script>alert(1)</script>">data</a><iframe src="https://contoso.com"></iframe>';

describe('instant messages', () => {
  const session = useAppSession();

  it('rings with the first message, accepts, shows HTML sanitised, replies and ends', async () => {
    const { page } = session.app;
    const leg = session.harness.core.localService!.startMessaging({ from: ADA, subject: 'Lunch', message: 'Hi, lunch at <12:30>?' });
    const ring = page.getByRole('alertdialog');
    await ring.getByText('Hi, lunch at <12:30>?').waitFor();
    await ring.getByRole('button', { name: 'Accept' }).click();
    expect(await leg.outcome).toEqual({ status: 'Success' });

    const log = page.getByRole('log');
    await log.getByText('Hi, lunch at <12:30>?').waitFor();
    leg.sendMessage({ format: 'html', text: HOSTILE });
    await log.locator('b', { hasText: 'budget' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await log.locator('img, script, style, svg, math, iframe, mglyph').count()).toBe(0);
    const links = await log.locator('a').evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.getAttribute('target')]));
    expect(links).toContainEqual(['https://contoso.com/agenda', '_blank']);
    // javascript: and data: links lose their href; every link opens outside the app.
    expect(links.every(([href, target]) => (href == null || href.startsWith('https://')) && target === '_blank')).toBe(true);
    expect(links.length).toBeGreaterThan(1);

    await page.getByLabel('Reply').fill('Yes, see you there');
    await page.getByLabel('Reply').press('Enter');
    await log.getByText('Yes, see you there').waitFor();
    await waitFor('the reply at the other end', () => leg.messagesFromCallee.length === 1);
    expect(leg.messagesFromCallee).toEqual([{ format: 'plain', text: 'Yes, see you there' }]);
    await page.screenshot({ path: new URL('conversation-view.png', ARTIFACTS).pathname });

    await page.getByRole('button', { name: 'End', exact: true }).click();
    expect(await leg.ended).toBe('callee');
    await page.getByRole('list', { name: 'Recent calls' }).getByText('You ended the conversation.').waitFor();
    expect(session.app.cspViolations).toEqual([]);
  });
});
