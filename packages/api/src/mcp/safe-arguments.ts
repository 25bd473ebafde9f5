// What an audit entry may keep of a tool call's arguments: ids, numbers, flags and the names of things (an
// attribute, a channel, a scope), never free text, which may be a name, an email or a phone (audit rows outlive
// erasure). Free text is kept as its length only.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Arguments whose values are names of c360's own vocabulary, kept when short and plain. */
const VOCABULARY_KEYS = new Set(["attribute", "channels", "purposeKey", "channel", "status", "domain"]);
const VOCABULARY_VALUE = /^[a-z0-9_.:-]{1,64}$/i;

function safeValue(key: string, value: unknown): unknown {
  if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean")
    return value;
  if (typeof value === "string") {
    if (UUID.test(value)) return value.toLowerCase();
    if (VOCABULARY_KEYS.has(key) && VOCABULARY_VALUE.test(value)) return value;
    return { text: value.length };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => safeValue(key, item));
  return { object: true };
}

export function safeArguments(args: unknown): Record<string, unknown> {
  if (!args || typeof args !== "object" || Array.isArray(args)) return {};
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args as Record<string, unknown>).slice(0, 30))
    safe[/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(key) ? key : "?"] = safeValue(key, value);
  return safe;
}
