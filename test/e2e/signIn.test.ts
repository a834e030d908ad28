// Signing in to a server the administrator configured, in the page: the sign-in form, a refused password,
// then Available; signing out from Settings. A second local service stands in for the company's server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../harness/accessibility.js';
import { openApp } from '../harness/browser.js';
import { useChromium } from '../harness/chromiumTest.js';
import { startHarness, type Harness } from '../harness/server.js';
import { ARTIFACTS } from '../harness/session.js';
import { MemoryCredentialStore } from '../support/credentials.js';
import { startService } from '../support/localServer.js';

describe('signing in to a configured server', () => {
  const chromium = useChromium();
  const { cleanup } = chromium;

  it('shows the sign-in form, says why a password was refused, signs in, and signs out from Settings', async () => {
    const { service, rootUrl } = await startService();
    cleanup.push(() => service.stop());
    const credentials = new MemoryCredentialStore();
    const harness: Harness = await startHarness({
      configured: {
        location: { rootUrl },
        method: 'password',
        discoveryCacheFile: join(mkdtempSync(join(tmpdir(), 'softphone-e2e-')), 'cache.json'),
        credentials,
      },
    });
    cleanup.push(() => harness.close());
    const { page, cspViolations } = await openApp(chromium.browser, harness);
    cleanup.push(() => page.context().close());

    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    await page.getByLabel('Sign-in address').fill('you@softphone.local');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').getByText('The user name or password was not accepted.').waitFor();
    await page.screenshot({ path: new URL('sign-in.png', ARTIFACTS).pathname });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Password').fill(service.credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Available').waitFor();
    expect(credentials.stored).toEqual({ address: 'you@softphone.local', password: service.credentials.password });

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await form.waitFor();
    expect(await page.getByLabel('Sign-in address').inputValue()).toBe('you@softphone.local');
    expect(credentials.stored).toBeUndefined();
    expect(cspViolations).toEqual([]);
  });
});
