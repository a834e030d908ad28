// TURN for the caller leg from the server's mediaRelayAccessToken resource (mediaRelayAccessToken_ref):
// a user name and password valid for `duration` minutes, and the A/V Edge's relays.
import * as z from '../../preload/shared/zod/zod.js';

/** werift's ICE options for one TURN server. */
export type RelayOptions = { turnServer: [string, number]; turnUsername: string; turnPassword: string; turnTransport: 'udp' | 'tcp' };

const port = z.number().int().min(1).max(65535);
const tokenSchema = z.looseObject({
  userName: z.string().min(1).max(1024),
  password: z.string().min(1).max(1024),
  validUntil: z.string().max(64).optional(),
  _embedded: z.looseObject({
    mediaRelay: z
      .array(
        z.looseObject({
          host: z
            .string()
            .regex(/^[A-Za-z0-9.-]{1,253}$/)
            .optional(),
          ipv4: z.ipv4().optional(),
          udpPort: port.optional(),
          tcpPort: port.optional(),
        }),
      )
      .max(16),
  }),
});

/**
 * The first relay the token names, UDP where it has a UDP port, or undefined when the resource offers
 * none or has expired (`validUntil` is `/Date(<ms>)/`).
 */
export function relayFromToken(json: unknown, now = Date.now()): RelayOptions | undefined {
  const token = tokenSchema.safeParse(json);
  if (!token.success) return undefined;
  const until = /^\/Date\((\d{1,15})\)\/$/.exec(token.data.validUntil ?? '')?.[1];
  if (until !== undefined && Number(until) <= now) return undefined;
  for (const relay of token.data._embedded.mediaRelay) {
    const host = relay.ipv4 ?? relay.host;
    const transport = relay.udpPort !== undefined ? 'udp' : 'tcp';
    const relayPort = relay.udpPort ?? relay.tcpPort;
    if (host === undefined || relayPort === undefined) continue;
    return { turnServer: [host, relayPort], turnUsername: token.data.userName, turnPassword: token.data.password, turnTransport: transport };
  }
  return undefined;
}
