// Whether an event meets a trigger's event condition: its name, then every property filter. Pure: the ingest hook
// (enqueue-triggered-actions.ts) and the dry run (dry-run-trigger.ts) both decide with it.
import type { PropertyFilter, TriggerCondition } from "./trigger-schemas";

export interface MatchableEvent {
  /** The track event's name (page and screen events: their name). */
  event: string | null;
  properties: Record<string, unknown> | null;
}

function valueAt(properties: Record<string, unknown> | null, path: string): unknown {
  if (!properties) return undefined;
  if (path in properties) return properties[path];
  let current: unknown = properties;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function equals(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (typeof expected === "number") return asNumber(actual) === expected;
  if (typeof expected === "string" && typeof actual === "string")
    return actual.localeCompare(expected, undefined, { sensitivity: "accent" }) === 0;
  if (typeof expected === "boolean") return actual === String(expected) || actual === expected;
  return false;
}

export function matchesFilter(properties: Record<string, unknown> | null, filter: PropertyFilter): boolean {
  const actual = valueAt(properties, filter.property);
  const present = actual !== undefined && actual !== null;
  switch (filter.op) {
    case "exists":
      return present === (filter.value === undefined ? true : filter.value);
    case "eq":
      return present && equals(actual, filter.value);
    case "neq":
      return !present || !equals(actual, filter.value);
    case "in":
      return present && (filter.value as unknown[]).some((v) => equals(actual, v));
    case "contains": {
      if (!present) return false;
      if (Array.isArray(actual)) return actual.some((v) => equals(v, filter.value));
      return String(actual).toLowerCase().includes(String(filter.value).toLowerCase());
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const a = asNumber(actual);
      const b = filter.value as number;
      if (a === null) return false;
      return filter.op === "gt" ? a > b : filter.op === "gte" ? a >= b : filter.op === "lt" ? a < b : a <= b;
    }
  }
}

export function matchesEventCondition(condition: TriggerCondition, event: MatchableEvent): boolean {
  if (condition.kind !== "event") return false;
  if (!event.event || event.event.localeCompare(condition.event, undefined, { sensitivity: "accent" }) !== 0)
    return false;
  return condition.where.every((filter) => matchesFilter(event.properties, filter));
}
