// A mediaRelayAccessToken resource as the server returns it (mediaRelayAccessToken_ref), valid until 2100.
export const RELAY_TOKEN = {
  duration: 480,
  userName: 'relay-user',
  password: 'relay-pass',
  validUntil: '/Date(4102444800000)/',
  _embedded: { mediaRelay: [{ host: 'edge.contoso.com', ipv4: '192.0.2.10', tcpPort: 443, udpPort: 3478 }] },
};
