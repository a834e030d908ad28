// A hostile server's replies are bounded before they are parsed: JSON nested deeper than any UCWA
// resource is refused with a typed error, however small its text.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../main/storage/jsonText.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { UcwaHttp } from '../../main/ucwa/http.js';

describe('a hostile server', () => {
  it('sends 2 MB of nested arrays: the client refuses it as nested too deep, with a typed error', async () => {
    const nested = `${'['.repeat(1024 * 1024)}${']'.repeat(1024 * 1024)}`;
    const server = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(nested));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ucwa/x`);
      const http = new UcwaHttp(fetch, 'softphone-test');
      http.allowOrigin(url);
      await expect(http.get(url)).rejects.toThrow(MalformedError);
      await expect(http.get(url)).rejects.toThrow(/not valid JSON/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads JSON as deep as real resources, and no deeper than 64 levels', () => {
    expect(parseJsonText('{"_embedded":{"x":{"_links":{"self":{"href":"/a"}}}}}')).toEqual({ _embedded: { x: { _links: { self: { href: '/a' } } } } });
    expect(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeInstanceOf(Array);
    expect(() => parseJsonText(`${'['.repeat(65)}${']'.repeat(65)}`)).toThrow(/deeper than 64/);
    // Brackets inside strings are text, however many.
    expect(parseJsonText(JSON.stringify({ text: '['.repeat(100) }))).toEqual({ text: '['.repeat(100) });
  });
});
