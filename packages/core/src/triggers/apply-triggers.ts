// Triggers as code (`c360 triggers apply --file`, the portal's form): each listed trigger is created, or gets a new
// version when its definition or state changed; unchanged ones are left alone. One transaction, every change audited
// (key, version, kind; no personal data). A new trigger's webhook signing secret is returned once, here, and never
// again.
import { inTransaction, queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { checkWebhookTarget, type WebhookPolicy } from "../activation/check-webhook-target";
import { auditInsertStatement } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { generateWebhookSecret } from "./sign-webhook";
import { applyTriggersInputSchema, type ApplyTriggersInput, type TriggerDefinition } from "./trigger-schemas";

export interface AppliedTrigger {
  key: string;
  status: "created" | "updated" | "unchanged";
  version: number;
  enabled: boolean;
  /** Only when the trigger was created: the webhook signing secret, shown this once. */
  secret?: string;
}

/** The stored definition: everything but key, name and enabled, which have columns of their own. */
export function storedDefinitionOf(t: TriggerDefinition): Record<string, unknown> {
  return {
    condition: t.condition,
    action: t.action,
    consent: t.consent,
    ...(t.cap ? { cap: t.cap } : {}),
  };
}

/** Key order does not make a new version: the definitions are compared as canonical JSON. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export async function applyTriggers(
  db: Database,
  actor: Actor,
  input: ApplyTriggersInput,
  options: { policy?: WebhookPolicy } = {},
): Promise<AppliedTrigger[]> {
  assertActorCan(actor, "activation:write");
  const { triggers } = parseInput(applyTriggersInputSchema, input);
  // Each webhook target passes the SSRF check (decision 0703) before anything is stored, with its field named.
  const problems: string[] = [];
  for (const [i, t] of triggers.entries()) {
    if (t.action.kind !== "webhook") continue;
    const check = await checkWebhookTarget(t.action.url, options.policy);
    if (!check.ok) problems.push(`triggers.${i}.action.url (${t.key}): ${check.reason}`);
  }
  const purposeKeys = [
    ...new Set(
      triggers.flatMap((t) => [
        t.consent.purpose,
        ...(t.condition.kind === "consent" ? [t.condition.purpose] : []),
      ]),
    ),
  ];
  const known = new Set(
    (
      await queryRows<{ key: string }>(
        db,
        sql`select key from consent_purposes where key in (select jsonb_array_elements_text(${JSON.stringify(purposeKeys)}::jsonb))`,
      )
    ).map((r) => r.key),
  );
  for (const [i, t] of triggers.entries()) {
    if (!known.has(t.consent.purpose))
      problems.push(
        `triggers.${i}.consent.purpose (${t.key}): no consent purpose has the key ${t.consent.purpose}`,
      );
    if (t.condition.kind === "consent" && !known.has(t.condition.purpose))
      problems.push(
        `triggers.${i}.condition.purpose (${t.key}): no consent purpose has the key ${t.condition.purpose}`,
      );
  }
  if (problems.length > 0)
    throw new AppError("BAD_REQUEST", problems.join("; "), {
      fieldErrors: Object.fromEntries(
        problems.map((p) => [p.split(" ")[0]!, [p.slice(p.indexOf(": ") + 2)]]),
      ),
    });

  return inTransaction(db, async (tx) => {
    const applied: AppliedTrigger[] = [];
    for (const t of triggers) {
      const definition = storedDefinitionOf(t);
      const [current] = await queryRows<{
        id: string;
        version: number;
        enabled: boolean;
        name: string;
        definition: unknown;
      }>(
        tx,
        sql`select id, version, enabled, name, definition from triggers where key = ${t.key} for update`,
      );
      const stored =
        typeof current?.definition === "string" ? JSON.parse(current.definition) : current?.definition;
      if (
        current &&
        current.enabled === t.enabled &&
        current.name === t.name &&
        canonicalJson(stored) === canonicalJson(definition)
      ) {
        applied.push({
          key: t.key,
          status: "unchanged",
          version: Number(current.version),
          enabled: t.enabled,
        });
        continue;
      }
      const secret = current ? undefined : generateWebhookSecret();
      const [row] = await queryRows<{ id: string; version: number }>(
        tx,
        current
          ? sql`update triggers set name = ${t.name}, enabled = ${t.enabled}, definition = ${JSON.stringify(definition)}::jsonb,
                version = version + 1, updated_by_id = ${actor.userId}::uuid, updated_at = now()
              where id = ${current.id}::uuid returning id, version`
          : sql`insert into triggers (key, name, enabled, definition, secret, updated_by_id)
              values (${t.key}, ${t.name}, ${t.enabled}, ${JSON.stringify(definition)}::jsonb, ${secret}, ${actor.userId}::uuid)
              returning id, version`,
      );
      const version = Number(row!.version);
      await tx.execute(sql`insert into trigger_versions (trigger_id, version, definition, enabled, actor_label)
        values (${row!.id}::uuid, ${version}, ${JSON.stringify({ ...definition, name: t.name })}::jsonb, ${t.enabled}, ${actor.label})`);
      await tx.execute(
        auditInsertStatement([
          {
            actor,
            entry: {
              action: current ? "trigger.update" : "trigger.create",
              entityType: "trigger",
              entityId: row!.id,
              details: {
                key: t.key,
                version,
                enabled: t.enabled,
                condition: t.condition.kind,
                action: t.action.kind,
                purpose: t.consent.purpose,
              },
            },
          },
        ]),
      );
      applied.push({
        key: t.key,
        status: current ? "updated" : "created",
        version,
        enabled: t.enabled,
        ...(secret ? { secret } : {}),
      });
    }
    return applied;
  });
}
