// IntPairIds as the real-time index uses it: one pair at a time, past several doublings. Prints the total time and
// the slowest single insert (the pause an arrival would wait behind), so a change to how the table grows shows in
// both. Run: npx tsx bench/pair-ids-growth.ts [pairs, default 8,000,000]
import { IntPairIds } from "../src/block";

const pairs = Number(process.argv[2] ?? 8_000_000);
const table = new IntPairIds();
let state = 12345;
const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
let slowest = 0;
let slowAt = 0;
const inserts: number[] = [];
const t0 = performance.now();
for (let n = 0; n < pairs; n++) {
  const t = performance.now();
  table.idOf(next() & 0xffffff, next() & 0xffffff);
  const took = performance.now() - t;
  if (took > 1) inserts.push(took);
  if (took > slowest) {
    slowest = took;
    slowAt = n;
  }
}
const seconds = (performance.now() - t0) / 1000;
// Every pair again: all found, none added.
state = 12345;
const t1 = performance.now();
for (let n = 0; n < pairs; n++) table.find(next() & 0xffffff, next() & 0xffffff);
const findSeconds = (performance.now() - t1) / 1000;
console.table({
  pairs,
  distinct: table.size,
  insertSeconds: +seconds.toFixed(2),
  slowestInsertMs: +slowest.toFixed(2),
  slowestAtPair: slowAt,
  insertsOver1Ms: inserts.length,
  findSeconds: +findSeconds.toFixed(2),
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
});
