import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateCustomers } from "@c360/matching";
import { describe, expect, it } from "vitest";
import { UsageError } from "../command";
import { matchCommand } from "./match";

const dir = mkdtempSync(path.join(tmpdir(), "c360-match-"));
const file = (name: string, content: string | Buffer) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
};

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await matchCommand.run(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function clusters(csv: string): Map<string, string> {
  const [header, ...rows] = readFileSync(csv, "utf8").trim().split("\n");
  expect(header).toBe("record_id,cluster_id");
  return new Map(rows.map((r) => r.split(",") as [string, string]));
}

const people = [
  "record_id,first_name,last_name,dob,email,phone,street,city,postcode",
  "1,Robert,Smith,1978-12-11,bob.smith@example.com,702-919-1300,123 Main St,Las Vegas,89132",
  "2,Bob,Smith,12/11/1978,BOB.SMITH@example.com,(702) 919-1300,123 Main Street,Las Vegas,89132",
  "3,Jane,Doe,1990-01-02,jane@example.org,212-555-0101,9 Elm Ave,New York,10001",
  "4,Janet,Dole,1960-05-06,jd@example.net,415-555-0199,77 Pine Rd,San Francisco,94103",
].join("\n");

describe("c360 match", () => {
  it("deduplicates one file with canonical headers and writes record_id,cluster_id", async () => {
    const out = path.join(dir, "dedupe.csv");
    const result = await run(["--input", file("people.csv", people), "--out", out]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/deduplicated 4 records/);
    const c = clusters(out);
    expect(c.get("1")).toBe(c.get("2"));
    expect(c.get("3")).not.toBe(c.get("1"));
    expect(c.get("4")).not.toBe(c.get("3"));
  });

  it("links two files with --map and FEBRL's comma-space separators", async () => {
    // Two exports of the same generated people, written the FEBRL way ("a, b, c").
    const { records, personIds } = generateCustomers({ persons: 600, seed: 3 });
    const named = records
      .map((r, i) => ({ r, person: personIds[i]! }))
      .filter(({ r }) => r.first_name && r.last_name);
    const firstOf = new Map<string, (typeof named)[number]>();
    const pairs: [(typeof named)[number], (typeof named)[number]][] = [];
    for (const entry of named) {
      const first = firstOf.get(entry.person);
      if (!first) firstOf.set(entry.person, entry);
      else if (pairs.length < 150 && !pairs.some(([x]) => x.person === entry.person))
        pairs.push([first, entry]);
    }
    const header = "rec_id, given_name, surname, date_of_birth, postcode, email";
    const line = (id: string, r: (typeof named)[number]["r"]) =>
      [id, r.first_name, r.last_name, r.dob ?? "", r.postcode ?? "", r.email ?? ""]
        .map((v) => (v ?? "").replace(/,/g, " "))
        .join(", ");
    const a = file("a.csv", [header, ...pairs.map(([x], i) => line(`a-${i}`, x.r))].join("\n"));
    const b = file("b.csv", [header, ...pairs.map(([, y], i) => line(`b-${i}`, y.r))].join("\n"));
    const out = path.join(dir, "link.csv");
    const maps = [
      "rec_id=record_id",
      "given_name=first_name",
      "surname=last_name",
      "date_of_birth=dob",
    ].flatMap((m) => ["--map", m]);
    const result = await run(["--input", a, "--input", b, "--out", out, ...maps]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/linked 300 records from a\.csv \+ b\.csv/);
    const c = clusters(out);
    expect(c.size).toBe(300);
    const linked = pairs.filter((_, i) => c.get(`a-${i}`) === c.get(`b-${i}`)).length;
    const wrong = [...c.entries()].filter(
      ([id, cluster]) => id.startsWith("b-") && cluster.startsWith("a-") && cluster !== `a-${id.slice(2)}`,
    ).length;
    expect(linked / pairs.length).toBeGreaterThan(0.8);
    expect(wrong).toBeLessThan(5);
    // Told the files may hold a person twice, it does without the one-to-one premise (decision 0107).
    const loose = path.join(dir, "link-no-one-to-one.csv");
    const again = await run(["--input", a, "--input", b, "--out", loose, ...maps, "--one-to-one", "no"]);
    expect(again.code).toBe(0);
    const l = clusters(loose);
    // Here the premise holds (each file has each person once): without it, fewer true pairs are found.
    expect(pairs.filter((_, i) => l.get(`a-${i}`) === l.get(`b-${i}`)).length).toBeLessThan(linked);
  });

  it("rejects bad flags as usage errors", async () => {
    await expect(run(["--out", "x.csv"])).rejects.toThrow(UsageError);
    await expect(run(["--input", "a.csv"])).rejects.toThrow(/--out is required/);
    await expect(run(["--input", "a.csv", "--out", "x", "--map", "name=nickname"])).rejects.toThrow(
      /"nickname" is not a field/,
    );
    await expect(run(["--input", "a", "--input", "b", "--input", "c", "--out", "x"])).rejects.toThrow(
      /at most two/,
    );
    await expect(run(["--input", "a", "--out", "x", "--one-to-one", "maybe"])).rejects.toThrow(
      /--one-to-one takes yes or no/,
    );
  });

  it("names the file and the problem for empty files, missing id columns, unknown mapped columns and duplicate ids", async () => {
    const out = path.join(dir, "bad.csv");
    await expect(run(["--input", file("empty.csv", ""), "--out", out])).rejects.toThrow(
      /empty\.csv: the file is empty/,
    );
    await expect(run(["--input", file("noid.csv", "name,email\nx,y@z.com\n"), "--out", out])).rejects.toThrow(
      /noid\.csv: no record id column.*columns: name, email/,
    );
    await expect(
      run(["--input", file("people2.csv", people), "--out", out, "--map", "uid=record_id"]),
    ).rejects.toThrow(/people2\.csv: --map names column "uid"/);
    await expect(
      run(["--input", file("dup.csv", "record_id,first_name\n7,a\n8,b\n7,c\n"), "--out", out]),
    ).rejects.toThrow(/dup\.csv: record id "7" appears on rows 2 and 4/);
  });

  it("skips and reports rows with bytes that are not UTF-8 or a 10 MB cell", async () => {
    const latin1 = Buffer.concat([
      Buffer.from(people + "\n5,Jos"),
      Buffer.from([0xe9]),
      Buffer.from(",Garcia,,,,,,\n"),
    ]);
    const huge = `${people}\n6,${"x".repeat(10 * 1024 * 1024)},Big,,,,,,\n`;
    const out = path.join(dir, "skip.csv");
    const bad = await run(["--input", file("latin1.csv", latin1), "--out", out]);
    expect(bad.code).toBe(0);
    expect(bad.err).toMatch(/latin1\.csv: row 6 skipped: column "first_name" holds bytes that are not UTF-8/);
    expect(clusters(out).has("5")).toBe(false);
    const big = await run(["--input", file("huge.csv", huge), "--out", out]);
    expect(big.err).toMatch(/huge\.csv: row 6 skipped: column "first_name" holds 10485760 characters/);
    expect(clusters(out).size).toBe(4);
  });
});
