import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe("the c360 command", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "c360-cli-"));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.C360_DATA_DIR };
  beforeAll(() => {
    // The embedded database in a folder of its own: this test never touches a shared server.
    delete process.env.DATABASE_URL;
    process.env.C360_DATA_DIR = dataDir;
  });
  afterAll(() => {
    if (saved.url) process.env.DATABASE_URL = saved.url;
    process.env.C360_DATA_DIR = saved.dir;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists its commands and refuses an unknown one with exit code 2", async () => {
    const help = capture();
    expect(await runCli(["--help"], help.io)).toBe(0);
    expect(help.out.join("\n")).toMatch(/setup[\s\S]*users/);
    const bad = capture();
    expect(await runCli(["frobnicate"], bad.io)).toBe(2);
    expect(bad.err[0]).toContain('unknown command "frobnicate"');
  });

  it("sets up the database once with the demo users, and again without creating them twice", async () => {
    const first = capture();
    expect(await runCli(["setup"], first.io)).toBe(0);
    expect(first.out.join("\n")).toContain("created 5 demo users");
    const second = capture();
    expect(await runCli(["setup"], second.io)).toBe(0);
    expect(second.out.join("\n")).not.toContain("created");
    const list = capture();
    expect(await runCli(["users", "list"], list.io)).toBe(0);
    expect(list.out).toHaveLength(5);
  });

  it("names a bad option and prints the usage", async () => {
    const bad = capture();
    expect(await runCli(["users", "disable", "--emial", "x@example.com"], bad.io)).toBe(2);
    expect(bad.err[0]).toBe("c360 users: unknown option --emial");
    expect(bad.err[1]).toMatch(/^usage: c360 users/);
    const unknownUser = capture();
    expect(await runCli(["users", "disable", "--email", "nobody@example.com"], unknownUser.io)).toBe(2);
    expect(unknownUser.err[0]).toContain("no user with the email nobody@example.com");
  });

  it("exports the open review tasks of the demo as CSV, and refuses a status it does not know", async () => {
    const out = join(dataDir, "review-tasks.csv");
    const run = capture();
    expect(await runCli(["export", "review-tasks", "--out", out], run.io)).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "task_id,kind,status,match_probability,record_ids,source_record_ids,profile_ids,created_at,assignee",
    );
    const tasks = lines.slice(1).map((line) => line.split(","));
    expect(run.out[0]).toBe(`c360 export: ${tasks.length} open review tasks written to ${out}`);
    expect(tasks.length).toBeGreaterThan(0);
    for (const [taskId, kind, status, probability, recordIds, sourceRecordIds] of tasks) {
      expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
      expect(["pair", "cluster"]).toContain(kind);
      expect(status).toBe("open");
      expect(Number(probability)).toBeGreaterThan(0);
      expect(Number(probability)).toBeLessThanOrEqual(1);
      expect(recordIds!.split(";").length).toBeGreaterThanOrEqual(2);
      expect(sourceRecordIds!.split(";").every((id) => /^[a-z]+:\S+$/.test(id))).toBe(true);
    }
    const bad = capture();
    expect(await runCli(["export", "review-tasks", "--out", out, "--status", "pending"], bad.io)).toBe(2);
    expect(bad.err[0]).toContain('--status takes open, merged, rejected, dismissed or all, not "pending"');
  });
});
