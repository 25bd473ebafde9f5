// Micro-benchmark: our string distances against the fastest-levenshtein package, to justify writing our own.
import { distance as fastestLevenshtein } from "fastest-levenshtein";
import { damerauLevenshtein, jaroWinkler, withinOneEdit } from "../src/compare/string-distance";

const WORDS = [
  "robert",
  "roberta",
  "smith",
  "smyth",
  "jonathan",
  "johnathan",
  "19560409",
  "19650904",
  "elizabeth",
  "elisabeth",
  "macdonald",
  "mcdonald",
];

export interface DistanceTiming {
  name: string;
  nanosecondsPerCall: number;
}

export function benchStringDistances(calls = 2_000_000): DistanceTiming[] {
  const candidates: [string, (a: string, b: string) => number][] = [
    ["jaroWinkler (ours)", jaroWinkler],
    ["damerauLevenshtein (ours)", damerauLevenshtein],
    ["withinOneEdit (ours, the <= 1 level)", (a, b) => (withinOneEdit(a, b) ? 1 : 0)],
    ["levenshtein (fastest-levenshtein 1.0.16)", fastestLevenshtein],
  ];
  let sink = 0;
  return candidates.map(([name, fn]) => {
    for (let i = 0; i < 100_000; i++) sink += fn(WORDS[i % 12]!, WORDS[(i * 7 + 3) % 12]!);
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += fn(WORDS[i % 12]!, WORDS[(i * 7 + 3) % 12]!);
    const elapsed = Number(process.hrtime.bigint() - started);
    return { name: sink === -1 ? name : name, nanosecondsPerCall: elapsed / calls };
  });
}

if (process.argv[1]?.endsWith("string-distance.ts")) {
  for (const t of benchStringDistances())
    console.log(`${t.name.padEnd(44)} ${t.nanosecondsPerCall.toFixed(0)} ns/call`);
}
