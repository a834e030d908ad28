// The main window whose first getSnapshot is refused (as Electron's IPC rejects when the main process's
// handler fails): it says so in the banner, still lists and follows its devices (counted at the browser's
// enumerateDevices, before anything opens Settings, which lists them itself) and loads its views when idle,
// and shows the app from the next snapshot the core publishes.
import { describe, it } from 'vitest';
import { openApp, waitFor } from '../harness/browser.js';
import { useChromium } from '../harness/chromiumTest.js';
import { startHarness } from '../harness/server.js';

/** Runs in the page before its scripts: the bridge's window.softphone with its first getSnapshot refused, and the device listings counted. */
function refuseFirstSnapshot(): void {
  const define = Object.defineProperty;
  Object.defineProperty = <T>(target: T, key: PropertyKey, descriptor: PropertyDescriptor & ThisType<unknown>): T => {
    if (target !== (window as unknown) || key !== 'softphone') return define(target, key, descriptor);
    Object.defineProperty = define;
    const api = descriptor.value as { send(command: { type: string }): Promise<unknown>; onSnapshot: unknown };
    let refused = false;
    const send = (command: { type: string }) =>
      command.type === 'getSnapshot' && !refused ? ((refused = true), Promise.reject(new Error('the main process did not answer'))) : api.send(command);
    return define(target, key, { ...descriptor, value: Object.freeze({ ...api, send }) });
  };
  const devices = navigator.mediaDevices;
  const enumerate = devices.enumerateDevices.bind(devices);
  const counted = window as unknown as { deviceListings: number };
  counted.deviceListings = 0;
  devices.enumerateDevices = () => (counted.deviceListings++, enumerate());
}

describe('a main window whose first snapshot is refused', () => {
  const chromium = useChromium();

  it('says so, lists and follows its devices, loads its views, and shows the app from the next snapshot', async () => {
    const harness = await startHarness();
    chromium.cleanup.push(() => harness.close());
    const requested: string[] = [];
    const { page } = await openApp(chromium.browser, harness, 'light', async (context) => {
      context.on('request', (request) => void requested.push(request.url()));
      await context.addInitScript(refuseFirstSnapshot);
    });
    chromium.cleanup.push(() => page.context().close());
    const deviceListings = () => page.evaluate(() => (window as unknown as { deviceListings: number }).deviceListings);
    await page.getByRole('alert').filter({ hasText: 'Could not reach the app: the main process did not answer' }).waitFor();

    const listed = await waitFor('the devices listed', async () => (await deviceListings()) >= 1 && deviceListings());
    await page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
    await waitFor('the devices listed again on a change', async () => (await deviceListings()) > listed);
    // The views nobody asked for yet load once the window is idle, as after a first snapshot.
    await waitFor('the conversation’s chunk loaded when idle', () => requested.some((url) => /\/assets\/Conversation-[^/]*\.js$/.test(url)));

    // The next change the core publishes reaches the window by itself.
    await harness.core.updateSettings({ joinMicrophoneOff: true });
    await page.getByText('Available').waitFor();
  });
});
