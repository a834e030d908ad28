// Forwards a request to another origin (a reverse proxy in front of the local service) and reads the whole
// reply, each header value passed through `rewrite` (the proxies write their own origin into them).
import { request as send, type IncomingMessage } from 'node:http';

export type ForwardedReply = { status: number; headers: Record<string, string | string[]>; body: Buffer };

export function forward(request: IncomingMessage, origin: string, rewrite: (value: string) => string = (value) => value): Promise<ForwardedReply> {
  const target = new URL(request.url ?? '/', origin);
  return new Promise((resolve, reject) => {
    const upstream = send(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(reply.headers)) {
          if (value === undefined || name === 'content-length' || name === 'connection') continue;
          headers[name] = Array.isArray(value) ? value.map(rewrite) : rewrite(value);
        }
        resolve({ status: reply.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
      reply.on('error', reject);
    });
    upstream.on('error', reject);
    request.pipe(upstream);
  });
}
