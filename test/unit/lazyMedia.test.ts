// The core at rest holds no media code: werift (and the media bridge, the test-call peer and the meetings'
// media server built on it) loads with the first call that needs it. Checked in a fresh Node process
// running the built core, with a module hook that records every package an import resolves to.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CORE = new URL('../../dist/node/main/softphone.js', import.meta.url).href;
const RECORD_PACKAGES = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
  if (match) process.stderr.write('package ' + match[1] + '\\n');
  return resolved;
}`;
const IDLE_CORE = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(RECORD_PACKAGES)}));
const { Softphone } = await import(${JSON.stringify(CORE)});
const core = await Softphone.start({ endpointId: '0b5a4c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b', userAgent: 'test' });
if (core.snapshot().account.state !== 'signedIn') throw new Error('not signed in');
await core.stop();
`;

describe('the core at rest', () => {
  it('signs in to its embedded service without loading werift', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', IDLE_CORE], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    const packages = new Set(stderr.split('\n').filter((line) => line.startsWith('package ')).map((line) => line.slice('package '.length)));
    expect(packages).toContain('zod');
    expect(packages).not.toContain('werift');
  });
});
