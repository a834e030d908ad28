// JSON that starts with a UTF-8 byte order mark, as some servers and the Trusted Application API samples
// send it: RFC 8259 §8.1 lets a parser ignore it, and the app does, for HTTP bodies and for files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Core } from '../../main/core/core.js';
import { LocalUcwaService } from '../../main/local/service.js';
import { readJsonFile } from '../../main/storage/jsonFile.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { FaultProxy } from '../support/faultProxy.js';
import { CHROME_OFFER, eventually } from '../support/localServer.js';

const BOM = '\uFEFF';

describe('a byte order mark before JSON', () => {
  it('is ignored in every reply from the server: the app signs in and a call rings', async () => {
    const service = new LocalUcwaService({ maxHoldSeconds: 1 });
    await service.start();
    const withMark: string[] = [];
    const proxy = new FaultProxy({
      service,
      schedule: [],
      rewrite: (request, reply) => {
        if (!reply.body.trimStart().startsWith('{')) return reply;
        withMark.push(request.url ?? '');
        return { ...reply, body: BOM + reply.body };
      },
    });
    const problems: UcwaError[] = [];
    const core = await Core.start({
      server: { rootUrl: await proxy.start(), credentials: { grant: 'password', ...service.credentials } },
      endpointId: '5b0e3c2a-1d4f-4a6b-8c9d-0e1f2a3b4c5d',
      userAgent: 'softphone-bom',
      onProblem: (error) => problems.push(error),
    });
    try {
      expect(core.snapshot().account.state).toBe('signedIn');
      service.placeCall({
        from: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' },
        subject: 'Marked',
        offerSdp: CHROME_OFFER,
        acceptAnswer: async () => {},
      });
      await eventually('the call to ring', () => core.snapshot().calls.find((call) => call.subject === 'Marked' && call.phase === 'ringing'));
      expect(withMark.some((url) => url.includes('/events?'))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await core.stop();
      await proxy.stop();
      await service.stop();
    }
  });

  it('is ignored in a file the app reads', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'softphone-bom-')), 'settings.json');
    writeFileSync(file, `${BOM}{"ringAlsoOnDefault":true}`);
    expect(readJsonFile(file, z.object({ ringAlsoOnDefault: z.boolean() }))).toEqual({ ringAlsoOnDefault: true });
  });
});
