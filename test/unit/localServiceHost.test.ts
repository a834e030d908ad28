// The embedded local service answers only requests meant for it: addressed to 127.0.0.1 on its port (a
// page that rebinds its own name to 127.0.0.1 still sends its own Host) and from no other web page.
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalUcwaService } from '../../main/local/service.js';

/** A GET of the discovery root with the given headers; resolves with the status. */
function get(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('the embedded local service', () => {
  let service: LocalUcwaService;
  beforeEach(async () => {
    service = new LocalUcwaService();
    await service.start();
  });
  afterEach(() => service.stop());

  it('answers requests to its own address, from no origin or its own', async () => {
    expect(await get(service.rootUrl, {})).toBe(200);
    expect(await get(service.rootUrl, { Origin: service.origin })).toBe(200);
  });

  it('refuses another Host name, as a page that rebinds its name to 127.0.0.1 sends', async () => {
    const { port } = service.rootUrl;
    expect(await get(service.rootUrl, { Host: `attacker.example:${port}` })).toBe(403);
    expect(await get(service.rootUrl, { Host: 'attacker.example' })).toBe(403);
  });

  it('refuses requests from another web page', async () => {
    expect(await get(service.rootUrl, { Origin: 'https://attacker.example' })).toBe(403);
    expect(await get(service.rootUrl, { Origin: `http://localhost:${service.rootUrl.port}` })).toBe(403);
  });
});
