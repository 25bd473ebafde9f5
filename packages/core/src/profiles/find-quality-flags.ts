// Data-quality flags of one profile: invalid contact points in its records, conflicting values, missing fields.
// Flags never quote a value, so they need no masking.

export interface QualityFlag {
  kind: "invalid" | "conflict" | "missing" | "stale";
  severity: "info" | "warning" | "error";
  /** The attribute concerned: email, phone, last_name... */
  attribute: string;
  message: string;
  /** The member records concerned, by source and external id. */
  records: { sourceName: string; externalId: string }[];
}

export interface QualityMember {
  sourceName: string;
  externalId: string;
  raw: Readonly<Record<string, unknown>>;
  standardized: Readonly<Record<string, unknown>>;
  updatedAt: Date;
}

export interface QualityGolden {
  attribute: string;
  rule: string;
  candidates: readonly { value: unknown; sourceName?: string | null }[];
}

/** Raw columns (canonical names) and the standardized field a valid value becomes. */
const CONTACT_FIELDS = [
  { attribute: "email", raw: ["email", "email_address"], standardized: "email" },
  { attribute: "phone", raw: ["phone", "mobile", "phone_number"], standardized: "phone" },
  { attribute: "dob", raw: ["dob", "date_of_birth", "birth_date"], standardized: "dob" },
] as const;

const EXPECTED = [
  { attribute: "email", label: "email address" },
  { attribute: "phone", label: "phone number" },
  { attribute: "dob", label: "date of birth" },
  { attribute: "city", label: "address" },
] as const;

const LABELS: Readonly<Record<string, string>> = {
  first_name: "first name",
  last_name: "last name",
  middle_name: "middle name",
  dob: "date of birth",
  email: "email",
  phone: "phone",
  street: "street",
  city: "city",
  postcode: "postcode",
  national_id: "national id",
};

const STALE_DAYS = 3 * 365;

function present(value: unknown): boolean {
  return typeof value === "string" ? value.trim() !== "" : value !== null && value !== undefined;
}

export function attributeLabel(attribute: string): string {
  return LABELS[attribute] ?? attribute.replace(/_/g, " ");
}

/** Pure: the flags follow from the members and the golden attributes alone; `now` decides staleness. */
export function findQualityFlags(
  members: readonly QualityMember[],
  golden: readonly QualityGolden[],
  now: Date,
): QualityFlag[] {
  const flags: QualityFlag[] = [];
  for (const field of CONTACT_FIELDS) {
    const bad = members.filter(
      (m) => field.raw.some((key) => present(m.raw[key])) && !present(m.standardized[field.standardized]),
    );
    if (bad.length > 0) {
      flags.push({
        kind: "invalid",
        severity: "warning",
        attribute: field.attribute,
        message: `${bad.length} record${bad.length === 1 ? " has" : "s have"} an ${field.attribute === "email" ? "email address" : field.attribute === "phone" ? "phone number" : "date of birth"} that could not be read as valid.`,
        records: bad.map((m) => ({ sourceName: m.sourceName, externalId: m.externalId })),
      });
    }
  }
  for (const attribute of golden) {
    const distinct = new Set(attribute.candidates.map((c) => String(c.value)));
    if (attribute.rule === "no_conflict" || distinct.size < 2) continue;
    const sources = [...new Set(attribute.candidates.map((c) => c.sourceName ?? "unknown"))].sort();
    flags.push({
      kind: "conflict",
      severity: ["last_name", "dob", "national_id"].includes(attribute.attribute) ? "warning" : "info",
      attribute: attribute.attribute,
      message: `${distinct.size} different ${attributeLabel(attribute.attribute)} values across ${sources.join(", ")}; the ${attribute.rule.replace(/_/g, " ")} rule chose one.`,
      records: [],
    });
  }
  const have = new Set(golden.map((g) => g.attribute));
  for (const expected of EXPECTED) {
    if (!have.has(expected.attribute)) {
      // Said of the golden record: a member may hold the value while survivorship chose a record without it.
      flags.push({
        kind: "missing",
        severity: "info",
        attribute: expected.attribute,
        message: `The golden record has no ${expected.label}.`,
        records: [],
      });
    }
  }
  const newest = Math.max(...members.map((m) => m.updatedAt.getTime()));
  if (members.length > 0 && (now.getTime() - newest) / 86_400_000 > STALE_DAYS) {
    flags.push({
      kind: "stale",
      severity: "info",
      attribute: "profile",
      message: "No source has updated this customer in over three years.",
      records: [],
    });
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  return flags.sort((a, b) => order[a.severity] - order[b.severity]);
}
