import { app } from 'electron';
import { LinkError, REGISTERED_SCHEMES, linkActionFromArgv, type LinkAction } from '../links/linkAction.js';
import type { Logger } from '../logging/logger.js';

/**
 * Makes the app the handler of sip:, tel: and conf: links, once. Packaged builds only: a development build
 * would register the bare Electron binary.
 *
 * Why this is safe: any web page or document can launch such a link, and the OS hands the whole link to
 * the app as a command-line argument. On Windows, Electron writes `"app.exe" "--" "%1"`: the `--` ends
 * Chromium's and Node's switches, so a crafted link cannot smuggle one in (CVE-2018-1000006 was that, with
 * --gpu-launcher). Then main/links accepts a plain address, number or conference URI and nothing else,
 * the app asks the person before it calls or joins anything, and the text never reaches a shell.
 */
export function registerLinkSchemes(logger: Logger): void {
  if (!app.isPackaged) return;
  for (const scheme of REGISTERED_SCHEMES) {
    if (app.isDefaultProtocolClient(scheme, process.execPath, ['--'])) continue;
    // Electronegativity asks for a review of every protocol handler: the paragraph above is that review.
    const registered = app.setAsDefaultProtocolClient(scheme, process.execPath, ['--']); // eng-disable PROTOCOL_HANDLER_JS_CHECK
    if (!registered) logger.warn(`Softphone could not register itself for ${scheme}: links`);
  }
}

export type LinkTarget = {
  /** Puts the link before the person (Core.requestFromLink): nothing happens without their word. */
  request(request: LinkAction | { kind: 'refused'; problem: string }): void;
  showMainWindow(): void;
};

export type LinkOpener = {
  /** A command line (the first start's, a second instance's) or a macOS open-url, as `[url]`. */
  open(argv: readonly string[]): void;
  /** The core and the windows are up: links that came before are opened now. */
  ready(target: LinkTarget): void;
};

export function createLinkOpener(logger: Logger): LinkOpener {
  let target: LinkTarget | undefined;
  const waiting: (readonly string[])[] = [];
  const open = (argv: readonly string[]) => {
    if (target) openLink(argv, target, logger);
    else waiting.push([...argv]);
  };
  return {
    open,
    ready(readyTarget) {
      target = readyTarget;
      for (const argv of waiting.splice(0)) open(argv);
    },
  };
}

function openLink(argv: readonly string[], target: LinkTarget, logger: Logger): void {
  let action: LinkAction | undefined;
  try {
    action = linkActionFromArgv(argv);
  } catch (error) {
    if (!(error instanceof LinkError)) throw error;
    logger.warn(`A link was refused (${error.problem}): ${error.message}`);
    target.request({ kind: 'refused', problem: error.message });
    target.showMainWindow();
    return;
  }
  if (!action) return;
  logger.info(`A link asks to ${action.kind === 'call' ? 'call someone' : 'join a meeting'}`);
  target.request(action);
  target.showMainWindow();
}
