// Look-alikes: many different people whose names, emails and phones differ only in digits ("Zed Streamtest7",
// zed.stream7@example.org, +15550100007), several records each, as test data from a load test or a sequence of
// accounts. Each person's records spell the same values in different ways (case, phone formats, a field left out),
// so every person is one cluster and no two persons are. A profile that holds many such values must not attract
// every record that resembles one of them (issue 20, item 6): engine, real time and the full run must all find the
// persons.
import { randomInt, seededRandom } from "../prng";
import type { InputRecord } from "../fields";

export interface LookalikeOptions {
  /** Different people. */
  persons: number;
  /** Records per person. */
  recordsPerPerson: number;
  /** 0: every record spells every value the same way; otherwise formats vary and some fields are left out. */
  seed?: number;
  /** Letters of the family name and the email's local part ("streamtest", "stream"), so two sets never meet. */
  stem?: string;
  /** Given name shared by everyone. */
  givenName?: string;
  /** Sources the records come from, in turn (one by default, `lookalike_<stem>`: a load test posts through one). */
  sources?: readonly string[];
}

export interface LookalikeRecord extends InputRecord {
  source: string;
  updated_at: string;
}

export interface LookalikeDataset {
  records: LookalikeRecord[];
  /** The person behind records[i]. */
  personIds: string[];
}

export function generateLookalikes(options: LookalikeOptions): LookalikeDataset {
  const seed = options.seed ?? 0;
  const random = seededRandom(seed * 7919 + 17);
  const stem = options.stem ?? "stream";
  const given = options.givenName ?? "Zed";
  const sources = options.sources ?? [`lookalike_${stem}`];
  const records: LookalikeRecord[] = [];
  const personIds: string[] = [];
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  for (let p = 0; p < options.persons; p++) {
    const family = `${capital(stem)}test${p}`;
    const email = `${given.toLowerCase()}.${stem}${p}@example.org`;
    const line = String(p).padStart(4, "0");
    const phones = [`+1555010${line}`, `(555) 010-${line}`, `555-010-${line}`, `+1 555 010 ${line}`];
    for (let k = 0; k < options.recordsPerPerson; k++) {
      // With a seed: formats vary, and the phone may be missing. The email never is: two records of one person that
      // share only the name do not link, and only a third record would bridge them (which real time, deciding one
      // arrival at a time, does not do: it never merges two profiles).
      const vary = seed !== 0;
      const leaveOut = vary ? randomInt(random, 4) : 3;
      const record: LookalikeRecord = {
        record_id: `${stem}-${p}-${k}`,
        source: sources[(p + k) % sources.length]!,
        updated_at: "2026-01-01T00:00:00Z",
        first_name: vary && randomInt(random, 3) === 0 ? given.toUpperCase() : given,
        last_name: vary && randomInt(random, 3) === 0 ? family.toLowerCase() : family,
        email: vary && randomInt(random, 3) === 0 ? email.toUpperCase() : email,
        phone: leaveOut === 0 ? null : vary ? phones[randomInt(random, phones.length)]! : phones[0]!,
      };
      records.push(record);
      personIds.push(`${stem}-${p}`);
    }
  }
  return { records, personIds };
}
