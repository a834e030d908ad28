// The core side of the presence flood (bench/presence.ts), in a Node process of its own so that only it is
// measured: the app's core (dist/node) signed in to the local service at the given root watches the user's
// contact list (the service's colleagues), and serialises each snapshot as the Electron adapter does. After
// 'go' it counts; on 'done' it reports its CPU time and the snapshots published meanwhile.
import { randomUUID } from 'node:crypto';

const [rootUrl, username, password] = process.argv.slice(2);
const { Core } = await import('../dist/node/main/core/core.js');
const core = await Core.start({
  server: { rootUrl: new URL(rootUrl), credentials: { grant: 'password', username, password } },
  endpointId: randomUUID(),
  userAgent: 'softphone-bench',
});
let publications = 0;
let watching = 0;
core.subscribe((snapshot) => {
  publications++;
  JSON.stringify(snapshot);
  const shown = Object.keys(snapshot.people.presence).length;
  if (shown !== watching) process.send({ watching: (watching = shown) });
});

let from;
process.on('message', async (message) => {
  if (message === 'go') {
    from = { cpu: process.cpuUsage(), publications };
  } else if (message === 'done') {
    const used = process.cpuUsage(from.cpu);
    process.send({ cpuSeconds: (used.user + used.system) / 1e6, publications: publications - from.publications });
  } else if (message === 'stop') {
    await core.stop();
    process.disconnect();
  }
});
