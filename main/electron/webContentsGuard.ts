import { app, shell, type WebContents } from 'electron';
import type { Logger } from '../logging/logger.js';
import { isAppPageUrl } from './appOrigin.js';
import { isSafeExternalUrl } from './externalUrls.js';

/**
 * Guards every webContents the app ever gets, its windows and anything else: no navigation or redirect
 * away from the app's pages, no new windows (safe https links open in the browser instead), no <webview>.
 * Register before the first window exists.
 */
export function guardAllWebContents(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));
}

function guardWebContents(contents: WebContents, logger: Logger): void {
  contents.on('will-navigate', (event) => {
    if (!isAppPageUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppPageUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, logger);
    return { action: 'deny' };
  });
}

function openExternally(url: string, logger: Logger): void {
  if (!isSafeExternalUrl(url)) {
    logger.warn('A link outside the app was not opened: only https links go to the browser');
    return;
  }
  // Electronegativity flags any openExternal with a non-literal URL; this one passed isSafeExternalUrl (tested in Node).
  void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
}
