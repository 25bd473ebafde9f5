import { afterEach, describe, expect, it, vi } from "vitest";
import { repeatJob } from "./repeat-job";

describe("repeatJob", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs at once and then every interval, skipping a slot while the previous run is still going", async () => {
    vi.useFakeTimers();
    let started = 0;
    let release: (() => void) | null = null;
    const job = repeatJob({
      name: "test",
      everyMs: 1000,
      log: () => {},
      run: () => {
        started += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(3000); // three slots pass while the first run hangs
    expect(started).toBe(1);
    release!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    release!();
    await job.stop();
  });

  it("logs a failure by the job's name, without the error's query values, and tries again at the next slot", async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    let calls = 0;
    const job = repeatJob({
      name: "quality",
      everyMs: 500,
      log: (line) => lines.push(line),
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
      },
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^quality: run failed: .*boom/);
    await job.stop();
  });

  it("waits while skipWhile says so, and stop() waits for the run in progress and ends the timer", async () => {
    vi.useFakeTimers();
    let blocked = true;
    let calls = 0;
    let finished = false;
    const job = repeatJob({
      name: "sweep",
      everyMs: 100,
      log: () => {},
      skipWhile: () => blocked,
      run: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        finished = true;
      },
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toBe(0);
    blocked = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);
    const stopping = job.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
  });
});
