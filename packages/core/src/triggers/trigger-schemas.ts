// The shape of a trigger (issue 22, decision 2201): a condition over arriving events, one action, the consent
// purpose the action needs and a frequency cap per person. The portal's form, `c360 triggers apply --file` and the
// API all validate with these schemas, so a mistake is named by its field the same way everywhere.
import { z } from "zod";
import { ADDRESS_PARTS, goldenAttributeConfig } from "../profiles/golden-attribute-config";

export const propertyOperators = ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "exists", "in"] as const;
export type PropertyOperator = (typeof propertyOperators)[number];

const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

export const propertyFilterSchema = z
  .object({
    /** A property of the event (`revenue`, or a dotted path into nested objects: `product.category`). */
    property: z
      .string()
      .min(1, "name the event property")
      .max(200)
      .regex(/^[^.\s][^\s]*$/, "a property name or dotted path without spaces"),
    op: z.enum(propertyOperators, {
      error: `one of ${propertyOperators.join(", ")}`,
    }),
    value: z.union([scalar, z.array(scalar).min(1).max(100)]).optional(),
  })
  .superRefine((filter, ctx) => {
    if (filter.op === "exists") {
      if (filter.value !== undefined && typeof filter.value !== "boolean")
        ctx.addIssue({ code: "custom", path: ["value"], message: "exists takes true, false or no value" });
      return;
    }
    if (filter.value === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `${filter.op} needs a value` });
      return;
    }
    if (filter.op === "in" && !Array.isArray(filter.value))
      ctx.addIssue({ code: "custom", path: ["value"], message: "in takes a list of values" });
    if (filter.op !== "in" && Array.isArray(filter.value))
      ctx.addIssue({ code: "custom", path: ["value"], message: `${filter.op} takes one value, not a list` });
    if (["gt", "gte", "lt", "lte"].includes(filter.op) && typeof filter.value !== "number")
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `${filter.op} compares numbers: give a number`,
      });
  });
export type PropertyFilter = z.infer<typeof propertyFilterSchema>;

/** Fires on each stored event (track/page/screen) with this name whose properties pass every filter. */
export const eventConditionSchema = z.object({
  kind: z.literal("event"),
  event: z.string().trim().min(1, "name the event (e.g. Order Completed)").max(200),
  where: z.array(propertyFilterSchema).max(20, "at most 20 filters").default([]),
});

/**
 * Fires once per lapse, evaluated on a schedule: a person whose latest event with this name is more than `days`
 * days old (someone who ordered, then stopped). It fires again only after a newer such event and a new lapse.
 */
export const absenceConditionSchema = z.object({
  kind: z.literal("absence"),
  event: z.string().trim().min(1, "name the event whose absence counts (e.g. Order Completed)").max(200),
  days: z
    .number({ error: "days: a whole number of days" })
    .int("days: a whole number of days")
    .min(1, "at least 1 day")
    .max(3650, "at most 3650 days"),
});

/**
 * Profile changes (decision 2201, "profile changes"): each fires from the transaction that made the change, for the
 * profile it changed.
 * - consent: a person's current decision for the purpose (and channel, when named) became `given` (from no decision,
 *   a refusal, a withdrawal or an expiry), or stopped being `given` by a withdrawal or refusal.
 */
export const consentChangeKinds = ["given", "withdrawn"] as const;
export const consentConditionSchema = z.object({
  kind: z.literal("consent"),
  purpose: z
    .string()
    .trim()
    .min(1, "name the consent purpose whose change fires the trigger (its key)")
    .max(100),
  /** Only decisions recorded for this channel ('' = the purpose-wide decision); absent: any channel. */
  channel: z.string().trim().max(50).optional(),
  change: z.enum(consentChangeKinds, { error: "change must be given or withdrawn" }),
});

/** A steward merged profiles: fires once for the surviving profile, naming the profiles it absorbed. */
export const mergeConditionSchema = z.object({
  kind: z.literal("merge"),
});

/**
 * The golden attributes a trigger may watch: the survivorship attributes (golden-attribute-config.ts) and the
 * address parts, which are stored one attribute each.
 */
export const watchableAttributes = [
  ...Object.keys(goldenAttributeConfig).filter((a) => a !== "address"),
  ...ADDRESS_PARTS.map((p) => p.attribute),
] as readonly string[];

/**
 * A golden value of the profile was set, changed or cleared (the email after a new record or a steward's
 * correction; the city after a move). A brand-new profile's first values do not count: the profile did not change,
 * it appeared. One firing per profile per change, listing every watched attribute that changed, before and after.
 */
export const attributeConditionSchema = z.object({
  kind: z.literal("attribute"),
  attributes: z
    .array(
      z.string().refine((a) => watchableAttributes.includes(a), {
        error: (issue) =>
          `${String(issue.input)} is not a golden attribute; use one of ${watchableAttributes.join(", ")}`,
      }),
      { error: "attributes: a list of golden attribute names" },
    )
    .min(1, "name at least one golden attribute to watch (e.g. email, city)")
    .max(watchableAttributes.length),
});

export const triggerConditionKinds = ["event", "absence", "consent", "merge", "attribute"] as const;
export const triggerConditionSchema = z.discriminatedUnion(
  "kind",
  [
    eventConditionSchema,
    absenceConditionSchema,
    consentConditionSchema,
    mergeConditionSchema,
    attributeConditionSchema,
  ],
  {
    error: `condition.kind must be one of ${triggerConditionKinds.join(", ")}`,
  },
);
export type TriggerCondition = z.infer<typeof triggerConditionSchema>;

/** POSTs a signed JSON body (decision 2201: `c360-signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`). */
export const webhookActionSchema = z.object({
  kind: z.literal("webhook"),
  url: z
    .string()
    .trim()
    .url("a full http:// or https:// URL")
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "a full http:// or https:// URL"),
});

/**
 * Publishes the same JSON body to a NATS subject through JetStream (decision 2201): a stream must capture the
 * subject, and the delivery id goes as `Nats-Msg-Id`, so JetStream's duplicate window drops a retried publish.
 */
export const natsActionSchema = z.object({
  kind: z.literal("nats"),
  subject: z
    .string()
    .trim()
    .min(1, "name the NATS subject to publish to (e.g. c360.triggers.big-order)")
    .max(255)
    .regex(
      /^[^\s.*>]+(\.[^\s.*>]+)*$/,
      "a NATS subject: tokens separated by dots, without spaces or the wildcards * and >",
    ),
});

export const triggerActionKinds = ["webhook", "nats"] as const;
export const triggerActionSchema = z.discriminatedUnion("kind", [webhookActionSchema, natsActionSchema], {
  error: `action.kind must be one of ${triggerActionKinds.join(", ")}`,
});
export type TriggerAction = z.infer<typeof triggerActionSchema>;

export const triggerKeySchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    "lower-case letters, digits, - and _ (at most 63), starting with a letter or digit",
  );

export const triggerDefinitionSchema = z.object({
  key: triggerKeySchema,
  name: z.string().trim().min(1, "give the trigger a name").max(200),
  enabled: z.boolean().default(true),
  condition: triggerConditionSchema,
  action: triggerActionSchema,
  /** The consent purpose (its key) the action needs; a person without current consent for it is skipped. */
  consent: z.object({
    purpose: z.string().trim().min(1, "name the consent purpose the action needs (its key)").max(100),
    /** '' = the purpose's own channel (its purpose-wide consent when it has none). */
    channel: z.string().trim().max(50).default(""),
  }),
  /** At most `max` firings per person in `perHours` hours (firings over the cap are recorded as skipped). */
  cap: z
    .object({
      max: z.number().int().min(1).max(1000),
      perHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 366),
    })
    .optional(),
});
export type TriggerDefinition = z.infer<typeof triggerDefinitionSchema>;
export type TriggerDefinitionInput = z.input<typeof triggerDefinitionSchema>;

export const applyTriggersInputSchema = z.object({
  triggers: z
    .array(triggerDefinitionSchema)
    .min(1, "list at least one trigger")
    .max(200)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((t, i) => {
        if (seen.has(t.key))
          ctx.addIssue({ code: "custom", path: [i, "key"], message: `${t.key} is listed twice` });
        seen.add(t.key);
      });
    }),
});
export type ApplyTriggersInput = z.input<typeof applyTriggersInputSchema>;

export const setTriggerEnabledInputSchema = z.object({ key: triggerKeySchema, enabled: z.boolean() });
export const triggerKeyInputSchema = z.object({ key: triggerKeySchema });
export const dryRunTriggerInputSchema = z.object({
  definition: triggerDefinitionSchema,
  days: z.number().int().min(1).max(90).default(7),
});
export const triggerDeliveriesInputSchema = z.object({
  key: triggerKeySchema,
  status: z.enum(["pending", "sending", "retrying", "delivered", "dead", "skipped"]).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export const replayDeliveriesInputSchema = z.object({
  deliveryIds: z.array(z.string().uuid()).min(1).max(1000),
});
export const getTriggerInputSchema = z.object({
  key: triggerKeySchema,
  days: z.number().int().min(1).max(90).default(7),
});
