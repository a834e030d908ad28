import { protocol } from 'electron';
import { APP_SCHEME } from './appOrigin.js';
import { CONTENT_SECURITY_POLICY } from '../pages/contentSecurityPolicy.js';
import { readRendererFiles, rendererFileAt } from '../pages/rendererFiles.js';

/**
 * Must run before the app is ready. `codeCache`: V8 keeps the compiled bundle between starts, as it does for
 * https pages, so a window's load after the first does not compile the renderer's scripts again.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, codeCache: true } }]);
}

/**
 * Serves the built renderer, and only it, with the app's Content-Security-Policy: from memory (rendererFiles.ts),
 * so a window's request is answered in the one turn of the main process's JavaScript thread that receives it.
 */
export async function serveRenderer(rendererDir: string): Promise<void> {
  const files = await readRendererFiles(rendererDir);
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'softphone' ? rendererFileAt(files, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(file.body, {
      headers: { 'Content-Type': file.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
