// Where the app's own pages live. Apart from appProtocol.ts (which imports Electron) so the decisions that
// depend on it are tested in Node.

/** The app's pages are served from `app://softphone/`, never from file:// (see the Electron security checklist). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://softphone`;

/** Whether a URL is one of the app's pages: the app scheme and host exactly, no user info hiding another host. */
export function isAppPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'softphone' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
