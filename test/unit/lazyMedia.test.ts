// The core at rest holds only what it uses: werift (and the media bridge, the test-call peer and the
// meetings' media server built on it) loads with the first call that needs it, the embedded local
// service only when the core runs on it, Node's fetch (undici) never: the client speaks node:http (taken from
// process.getBuiltinModule, since an import of it loads undici on Node 24), and none of
// zod's locales: its schemas come from one bundled module (preload/shared/zod/zod.ts) with English messages only.
// Checked in a fresh Node process running the built core, with a module hook that records every module an
// import resolves to, and Node's own list of the built-in modules it loaded.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CORE = new URL('../../dist/node/main/core/core.js', import.meta.url).href;
const ZOD = new URL('../../dist/node/preload/shared/zod/zod.js', import.meta.url).href;
const RECORD_MODULES = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process.stderr.write('module ' + resolved.url + '\\n');
  if (resolved.url === 'node:http') process.stderr.write('http imported by ' + context.parentURL + '\\n');
  return resolved;
}`;

/** The modules a fresh core loads while it starts with `config` (a JavaScript expression) and stops. */
async function modulesLoaded(
  config: string,
): Promise<{ urls: string[]; packages: Set<string>; own: Set<string>; builtins: Set<string>; httpImporters: string[] }> {
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RECORD_MODULES)}));
    const { Core } = await import(${JSON.stringify(CORE)});
    const core = await Core.start({ endpointId: '0b5a4c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b', userAgent: 'test', ...${config} });
    process.stderr.write('state ' + core.snapshot().account.state + '\\n');
    for (const loaded of process.moduleLoadList) process.stderr.write('builtin ' + loaded + '\\n');
    await core.stop();
  `;
  const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  const lines = (prefix: string) =>
    stderr
      .split('\n')
      .filter((line) => line.startsWith(prefix))
      .map((line) => line.slice(prefix.length));
  const urls = lines('module ');
  if (!stderr.includes('state ')) throw new Error(`the core did not start: ${stderr}`);
  return {
    urls,
    packages: new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? [])),
    own: new Set(urls.flatMap((url) => /dist\/node\/(.+)$/.exec(url)?.[1] ?? [])),
    builtins: new Set(lines('builtin NativeModule ')),
    httpImporters: lines('http imported by '),
  };
}

describe('the core at rest', () => {
  it('signs in to its embedded service without loading werift or the media code', async () => {
    const { packages, own } = await modulesLoaded('{}');
    expect(packages).toContain('find-my-way');
    expect(own).toContain('main/local/service.js');
    expect(packages).not.toContain('werift');
    for (const media of ['main/bridge/mediaBridge.js', 'main/local/testCallPeer.js', 'main/local/answeringPeer.js']) expect(own).not.toContain(media);
  });

  it("signs in over node:http alone, without loading Node's fetch (undici)", async () => {
    const { builtins } = await modulesLoaded('{}');
    expect(builtins).toContain('http');
    expect(builtins).not.toContain('internal/deps/undici/undici');
  });

  it('takes node:http from process.getBuiltinModule: on Node 24 (Electron 45) an import of it loads undici', async () => {
    // Node 20 loads no undici either way: what is checked is that no module of the core imports node:http's values.
    const { httpImporters } = await modulesLoaded('{}');
    expect(httpImporters).toEqual([]);
  });

  it("loads none of zod's locales, and its schemas still speak English", async () => {
    const { urls, own } = await modulesLoaded('{}');
    expect(urls.filter((url) => url.includes('/zod/v4/locales/'))).toEqual([]);
    expect(own).toContain('preload/shared/zod/zod.js');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      `const z = await import(${JSON.stringify(ZOD)}); process.stdout.write(z.string().safeParse(1).error.issues[0].message);`,
    ]);
    expect(stdout).toBe('Invalid input: expected string, received number');
  });

  it('loads no embedded service when it runs against a server', async () => {
    // Nothing listens on the discard port: the sign-in fails at once, and the core runs on, signed out.
    const { own } = await modulesLoaded(
      `{ server: { rootUrl: new URL('http://127.0.0.1:9/'), credentials: { grant: 'password', username: 'u', password: 'p' } } }`,
    );
    expect(own).toContain('main/core/core.js');
    expect(own).not.toContain('main/local/service.js');
  });
});
