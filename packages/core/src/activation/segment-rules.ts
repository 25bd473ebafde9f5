// Segment definitions: a tree of conditions over golden attributes and interactions combined with AND/OR, stored
// as validated JSON and compiled here to parameterised SQL. Values only ever reach the query as bound parameters;
// attribute names and operators are checked against fixed lists before they shape the SQL.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { timelineChannels } from "../profiles/profile-schemas";
import { AppError } from "../errors";
import { maskValue, piiKindOfAttribute } from "../profiles/mask-pii";
import { CHURN_BAND_FLOOR } from "../predictions/train-churn-model";

/** Golden attributes a segment may test (names and addresses; the raw identifiers are not segment material). */
export const segmentAttributes = [
  "first_name",
  "last_name",
  "gender",
  "city",
  "state",
  "postcode",
  "country",
  "email",
  "phone",
  "dob",
] as const;
export const attributeOperators = [
  "equals",
  "not_equals",
  "contains",
  "starts_with",
  "is_set",
  "is_not_set",
] as const;
/** The channels a rule may count: the timeline's own list (one list, kept equal to the database enum by a test). */
export const interactionChannels = timelineChannels;

const attributeCondition = z
  .object({
    kind: z.literal("attribute"),
    attribute: z.enum(segmentAttributes, {
      error: `attribute must be one of ${segmentAttributes.join(", ")}.`,
    }),
    operator: z.enum(attributeOperators, {
      error: `operator must be one of ${attributeOperators.join(", ")}.`,
    }),
    value: z.string().trim().max(200).optional(),
  })
  .refine(
    (c) =>
      c.operator === "is_set" || c.operator === "is_not_set" || (c.value !== undefined && c.value !== ""),
    {
      message: "Give the value to compare the attribute with.",
      path: ["value"],
    },
  );

const interactionCondition = z
  .object({
    kind: z.literal("interactions"),
    /** null = any channel. */
    channel: z
      .enum(interactionChannels, { error: `channel must be one of ${interactionChannels.join(", ")}.` })
      .nullable()
      .default(null),
    /**
     * The type as the timeline shows it: a dotted type (order.placed, page.view) or a tracked event's name as the
     * sender wrote it (Order Completed, checkout_started); null = any. A bound parameter, never SQL.
     */
    type: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 _.:/'&()-]*$/,
        "type is an event type such as order.placed or an event name such as Order Completed (letters, digits, spaces and _ . : / ' & ( ) -).",
      )
      .max(200)
      .nullable()
      .default(null),
    /** Only interactions in the last N days; null = ever. */
    withinDays: z.number().int().min(1, "withinDays is at least 1.").max(36_500).nullable().default(null),
    /** At least this many (0 with atMost = "none"). */
    atLeast: z.number().int().min(0).max(1_000_000).default(1),
    atMost: z.number().int().min(0).max(1_000_000).nullable().default(null),
  })
  .refine((c) => c.atMost === null || c.atMost >= c.atLeast, {
    message: "atMost must not be below atLeast.",
    path: ["atMost"],
  });

/** The churn bands of the trained model (issue 23), as churnBand draws them. */
export const churnBands = ["high", "medium", "low"] as const;
const CHURN_BAND_RANGE: Record<(typeof churnBands)[number], [number, number]> = {
  high: [CHURN_BAND_FLOOR.high, Infinity],
  medium: [CHURN_BAND_FLOOR.medium, CHURN_BAND_FLOOR.high],
  low: [-Infinity, CHURN_BAND_FLOOR.medium],
};

const churnCondition = z.object({
  kind: z.literal("churn"),
  /** Profiles whose score in the active churn model falls in one of these bands; unscored profiles never match. */
  bands: z
    .array(z.enum(churnBands, { error: `bands: use ${churnBands.join(", ")}.` }))
    .min(1, "bands: choose at least one churn band.")
    .max(3),
});

export type AttributeCondition = z.output<typeof attributeCondition>;
export type InteractionCondition = z.output<typeof interactionCondition>;
export type ChurnCondition = z.output<typeof churnCondition>;
export type SegmentGroup = { kind: "group"; combinator: "and" | "or"; conditions: SegmentNode[] };
export type SegmentNode = AttributeCondition | InteractionCondition | ChurnCondition | SegmentGroup;

const MAX_DEPTH = 4;

// A discriminated union on `kind`, so a bad condition's message names what is wrong with it, not "invalid input".
const segmentNode: z.ZodType<SegmentNode, unknown> = z.lazy(() =>
  z.discriminatedUnion("kind", [attributeCondition, interactionCondition, churnCondition, groupObject]),
);

const groupObject = z.object({
  kind: z.literal("group"),
  combinator: z.enum(["and", "or"], { error: "combinator is and or or." }),
  conditions: z
    .array(segmentNode)
    .min(1, "A group needs at least one condition.")
    .max(50, "Keep a group under 50 conditions."),
});

export const segmentGroup: z.ZodType<SegmentGroup, unknown> = groupObject;

export const segmentDefinition = segmentGroup.refine(
  (group) => depthOf(group) <= MAX_DEPTH,
  `Nest groups at most ${MAX_DEPTH} deep.`,
);

function depthOf(node: SegmentNode): number {
  return node.kind === "group" ? 1 + Math.max(0, ...node.conditions.map(depthOf)) : 0;
}

function likePattern(value: string, anchoredStart: boolean): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return anchoredStart ? `${escaped}%` : `%${escaped}%`;
}

function compileAttribute(c: AttributeCondition, profileId: SQL): SQL {
  const has = (predicate: SQL) =>
    sql`exists (select 1 from golden_attributes g where g.profile_id = ${profileId} and g.attribute = ${c.attribute} and ${predicate})`;
  const text = sql`lower(g.value #>> '{}')`;
  const value = (c.value ?? "").toLowerCase();
  switch (c.operator) {
    case "equals":
      return has(sql`${text} = ${value}`);
    case "not_equals":
      return sql`not ${has(sql`${text} = ${value}`)}`;
    case "contains":
      return has(sql`${text} like ${likePattern(value, false)}`);
    case "starts_with":
      return has(sql`${text} like ${likePattern(value, true)}`);
    case "is_set":
      return has(sql`coalesce(g.value #>> '{}', '') <> ''`);
    case "is_not_set":
      return sql`not ${has(sql`coalesce(g.value #>> '{}', '') <> ''`)}`;
  }
}

function compileInteractions(c: InteractionCondition, profileId: SQL): SQL {
  // Customer activity only: identify, alias and group messages say who someone is, not what they did (decision 0901).
  const filters: SQL[] = [
    sql`i.profile_id = ${profileId}`,
    sql`(i.message_type is null or i.message_type in ('track', 'page', 'screen'))`,
  ];
  if (c.channel) filters.push(sql`i.channel = ${c.channel}::interaction_channel`);
  if (c.type) filters.push(sql`i.type = ${c.type}`);
  if (c.withinDays) filters.push(sql`i.occurred_at >= now() - make_interval(days => ${c.withinDays}::int)`);
  const count = sql`(select count(*) from interactions i where ${sql.join(filters, sql` and `)})`;
  const bounds: SQL[] = [];
  if (c.atLeast > 0) bounds.push(sql`${count} >= ${c.atLeast}::int`);
  if (c.atMost !== null) bounds.push(sql`${count} <= ${c.atMost}::int`);
  return bounds.length ? sql`(${sql.join(bounds, sql` and `)})` : sql`true`;
}

function compileChurn(c: ChurnCondition, profileId: SQL): SQL {
  const ranges = [...new Set(c.bands)].map((band) => {
    const [from, to] = CHURN_BAND_RANGE[band];
    const parts: SQL[] = [];
    if (from > -Infinity) parts.push(sql`pp.churn_probability >= ${from}`);
    if (to < Infinity) parts.push(sql`pp.churn_probability < ${to}`);
    return sql`(${sql.join(parts, sql` and `)})`;
  });
  return sql`exists (select 1 from profile_predictions pp
    join prediction_models m on m.id = pp.model_id and m.active and m.kind = 'churn'
    where pp.profile_id = ${profileId} and (${sql.join(ranges, sql` or `)}))`;
}

/** The definition as a boolean SQL expression about the profile whose id is `profileId`. */
export function compileSegment(node: SegmentNode, profileId: SQL = sql`p.id`): SQL {
  switch (node.kind) {
    case "attribute":
      return compileAttribute(node, profileId);
    case "interactions":
      return compileInteractions(node, profileId);
    case "churn":
      return compileChurn(node, profileId);
    case "group":
      return sql`(${sql.join(
        node.conditions.map((child) => compileSegment(child, profileId)),
        node.combinator === "and" ? sql` and ` : sql` or `,
      )})`;
  }
}

/** A sentence for lists and export records: city equals "Austin" and at least 1 purchase in the last 30 days. */
export function describeSegment(node: SegmentNode): string {
  switch (node.kind) {
    case "attribute":
      return node.operator === "is_set" || node.operator === "is_not_set"
        ? `${node.attribute} ${node.operator.replace(/_/g, " ")}`
        : `${node.attribute} ${node.operator.replace(/_/g, " ")} "${node.value}"`;
    case "interactions": {
      const what = `${node.type ?? (node.channel ? `${node.channel} interaction` : "interaction")}${node.atLeast === 1 && node.atMost === null ? "" : "s"}`;
      const range =
        node.atMost === null
          ? `at least ${node.atLeast}`
          : node.atLeast === node.atMost
            ? `exactly ${node.atLeast}`
            : `${node.atLeast} to ${node.atMost}`;
      return `${range} ${what}${node.withinDays ? ` in the last ${node.withinDays} days` : ""}`;
    }
    case "churn":
      return `churn risk ${node.bands.join(" or ")}`;
    case "group":
      return node.conditions
        .map((c) => (c.kind === "group" ? `(${describeSegment(c)})` : describeSegment(c)))
        .join(` ${node.combinator} `);
  }
}

/**
 * Attributes a role without profile:pii sees masked, and what it may still ask of them in a segment. A count is an
 * answer: "phone starts with +1210240" narrowed to one person by name, one digit at a time, reads the number back
 * (issue 18). So such a caller may only ask whether the value is set; of a postcode also its first two characters,
 * which the masked form shows anyway ("44•••").
 */
const MASKED_SEGMENT_ATTRIBUTES: Readonly<
  Partial<Record<AttributeCondition["attribute"], { maxPrefix: number }>>
> = {
  email: { maxPrefix: 0 },
  phone: { maxPrefix: 0 },
  dob: { maxPrefix: 0 },
  postcode: { maxPrefix: 2 },
};

/** Refuses a condition that tests a masked value beyond what the caller may see (FORBIDDEN, naming the attribute). */
export function assertSegmentWithinMask(node: SegmentNode): void {
  if (node.kind === "group") {
    for (const child of node.conditions) assertSegmentWithinMask(child);
    return;
  }
  if (node.kind !== "attribute") return;
  const masked = MASKED_SEGMENT_ATTRIBUTES[node.attribute];
  if (!masked || node.operator === "is_set" || node.operator === "is_not_set") return;
  if (node.operator === "starts_with" && (node.value ?? "").length <= masked.maxPrefix) return;
  throw new AppError(
    "FORBIDDEN",
    masked.maxPrefix > 0
      ? `Your role sees ${node.attribute} masked: a segment may test whether it is set, or its first ${masked.maxPrefix} characters (starts with), nothing more.`
      : `Your role sees ${node.attribute} masked: a segment may only test whether it is set or not set.`,
    { attribute: node.attribute, operator: node.operator },
  );
}

/**
 * The definition with the values of masked attributes masked as the profile page masks them ("phone equals
 * •••22"): for a caller without profile:pii reading a segment someone else wrote, and for audit entries, which
 * outlive an erasure of the person a rule might name.
 */
export function maskSegmentDefinition<T extends SegmentNode>(node: T): T {
  if (node.kind === "group") return { ...node, conditions: node.conditions.map(maskSegmentDefinition) };
  if (node.kind !== "attribute" || node.value === undefined || !MASKED_SEGMENT_ATTRIBUTES[node.attribute])
    return node;
  const kind = piiKindOfAttribute(node.attribute);
  return kind ? { ...node, value: maskValue(kind, node.value) } : node;
}
