// `BENCH=floodOnly npm run bench`: the invitation flood alone (bench/flood.ts), its rows printed.
import { it } from 'vitest';
import { FLOOD, floodRows, measureFlood } from './flood.js';
import { printTable } from './report.js';

it('measures the invitation flood', async () => {
  printTable(floodRows(await measureFlood(FLOOD.invitations, FLOOD.perBatch)));
});
