// `c360 triggers apply --file triggers.json | list | enable KEY | disable KEY` (decision 2201): triggers as code.
// apply validates the whole file first and names every wrong field; it is one transaction, each change a new
// version, audited; a new trigger's signing secret is printed once.
import { readFileSync } from "node:fs";
import { systemActor } from "@c360/core/actor";
import { AppError } from "@c360/core/errors";
import { applyTriggers } from "@c360/core/triggers/apply-triggers";
import { describeAction, describeCondition } from "@c360/core/triggers/describe-trigger";
import { listTriggerDeliveries } from "@c360/core/triggers/list-trigger-deliveries";
import { listTriggers } from "@c360/core/triggers/list-triggers";
import { replayDeliveries } from "@c360/core/triggers/replay-deliveries";
import { setTriggerEnabled } from "@c360/core/triggers/set-trigger-enabled";
import { UsageError, type Command, type CommandIO } from "../command";
import { withDatabase } from "./with-database";

const USAGE = "c360 triggers apply --file FILE | list | enable KEY | disable KEY | replay KEY";
const actor = systemActor("cli");

function readDefinitions(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  // A file may hold { "triggers": [...] } or the list itself.
  return Array.isArray(parsed) ? { triggers: parsed } : parsed;
}

function printProblems(error: AppError, io: CommandIO): void {
  const fields = error.details?.fieldErrors as Record<string, string[]> | undefined;
  if (!fields) {
    io.stderr(`c360 triggers: ${error.message}`);
    return;
  }
  io.stderr(`c360 triggers: nothing applied; fix these fields:`);
  for (const [field, messages] of Object.entries(fields))
    for (const message of messages) io.stderr(`  ${field}: ${message}`);
}

async function apply(args: string[], io: CommandIO): Promise<number> {
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== "--file") throw new UsageError(`unknown option "${flag}"`);
    file = inline ?? args[++i];
  }
  if (!file) throw new UsageError("--file is required");
  const input = readDefinitions(file);
  return withDatabase(
    async ({ db }) => {
      try {
        const applied = await applyTriggers(db, actor, input as never);
        for (const t of applied) {
          io.stdout(
            `c360 triggers: ${t.key} ${t.status} (version ${t.version}, ${t.enabled ? "on" : "off"})`,
          );
          if (t.secret)
            io.stdout(
              `c360 triggers: ${t.key} signing secret (shown once; receivers verify c360-signature with it): ${t.secret}`,
            );
        }
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          printProblems(error, io);
          return 1;
        }
        throw error;
      }
    },
    { io },
  );
}

async function list(io: CommandIO): Promise<number> {
  return withDatabase(
    async ({ db }) => {
      const triggers = await listTriggers(db, actor);
      if (triggers.length === 0) io.stdout("c360 triggers: none defined (c360 triggers apply --file FILE)");
      for (const t of triggers) {
        const s = t.stats;
        const latency =
          s.latencyP50Ms === null ? "" : `, latency p50 ${s.latencyP50Ms} ms p99 ${s.latencyP99Ms} ms`;
        io.stdout(
          `${t.key}\tv${t.version}\t${t.enabled ? "on" : "off"}\t${describeCondition(t.definition.condition)} -> ${describeAction(t.definition.action)}\t` +
            `7 days: fired ${s.fired}, delivered ${s.delivered}, skipped ${s.skippedNoConsent} no consent / ${s.skippedCapped} capped, failed ${s.failed} (${s.dead} dead)${latency}`,
        );
      }
      return 0;
    },
    { io },
  );
}

async function setEnabled(key: string | undefined, enabled: boolean, io: CommandIO): Promise<number> {
  if (!key) throw new UsageError(`say which trigger: c360 triggers ${enabled ? "enable" : "disable"} KEY`);
  return withDatabase(
    async ({ db }) => {
      try {
        const result = await setTriggerEnabled(db, actor, { key, enabled });
        io.stdout(
          `c360 triggers: ${key} ${enabled ? "on" : "off"}${result.changed ? ` (version ${result.version})` : " already"}`,
        );
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          io.stderr(`c360 triggers: ${error.message}`);
          return 1;
        }
        throw error;
      }
    },
    { io },
  );
}

/** Sends a trigger's dead letters again (a new 24-hour round each, the same delivery ids). */
async function replay(key: string | undefined, io: CommandIO): Promise<number> {
  if (!key) throw new UsageError("say which trigger: c360 triggers replay KEY");
  return withDatabase(
    async ({ db }) => {
      try {
        let total = 0;
        for (;;) {
          const dead = await listTriggerDeliveries(db, actor, { key, status: "dead", limit: 500 });
          if (dead.length === 0) break;
          total += (await replayDeliveries(db, actor, { deliveryIds: dead.map((d) => d.id) })).replayed;
        }
        io.stdout(`c360 triggers: ${total} dead letters of ${key} queued again`);
        return 0;
      } catch (error) {
        if (error instanceof AppError) {
          io.stderr(`c360 triggers: ${error.message}`);
          return 1;
        }
        throw error;
      }
    },
    { io },
  );
}

export const triggersCommand: Command = {
  name: "triggers",
  summary:
    "define triggers as code (apply a JSON file), list them with their counts, switch them on or off, replay dead letters",
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "apply") return apply(rest, io);
    if (sub === "list") return list(io);
    if (sub === "enable" || sub === "disable") return setEnabled(rest[0], sub === "enable", io);
    if (sub === "replay") return replay(rest[0], io);
    throw new UsageError(sub ? `unknown triggers command "${sub}"` : `say what to do: ${USAGE}`);
  },
};
