// The core side of the presence flood (bench/presence.ts) and of the meeting bench (bench/meeting.ts), in a
// Node process of its own so that only it is measured: the app's core (dist/node) signed in to the local
// service at the given root watches the user's contact list (the service's colleagues), joins the meeting
// whose URI is given after the credentials, if one is, and serialises each snapshot as the Electron adapter does. After
// 'go' it counts; on 'done' it reports its CPU time and the snapshots published meanwhile. With
// PRESENCE_CPU_PROFILE=<file>, the last window between 'go' and 'done' (the flood) is also profiled there
// (a .cpuprofile, for Chrome's DevTools or any viewer).
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

const [rootUrl, username, password, meetingUri] = process.argv.slice(2);
const { Core } = await import('../dist/node/main/core/core.js');
const core = await Core.start({
  server: { rootUrl: new URL(rootUrl), credentials: { grant: 'password', username, password } },
  endpointId: randomUUID(),
  userAgent: 'softphone-bench',
});
let publications = 0;
let watching = 0;
let inRoster = 0;
core.subscribe((snapshot) => {
  publications++;
  JSON.stringify(snapshot);
  const shown = Object.keys(snapshot.people.presence).length;
  if (shown !== watching) process.send({ watching: (watching = shown) });
  const people = Object.values(snapshot.rosters ?? {}).reduce((sum, roster) => sum + roster.count, 0);
  if (people !== inRoster) process.send({ inRoster: (inRoster = people) });
});
if (meetingUri) await core.calls.joinMeeting(meetingUri);

const profileTo = process.env.PRESENCE_CPU_PROFILE;
const profiler = profileTo ? new Session() : undefined;
profiler?.connect();
await profiler?.post('Profiler.enable');

let from;
process.on('message', async (message) => {
  if (message === 'go') {
    await profiler?.post('Profiler.start');
    from = { cpu: process.cpuUsage(), publications };
  } else if (message === 'done') {
    const used = process.cpuUsage(from.cpu);
    if (profiler) await writeFile(profileTo, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    process.send({ cpuSeconds: (used.user + used.system) / 1e6, publications: publications - from.publications });
  } else if (message === 'stop') {
    await core.stop();
    process.disconnect();
  }
});
