// Inputs of activation: segments (a name and a rule definition) and exports (segment, consent purpose, destination).
import { z } from "zod";
import { segmentAttributes, segmentDefinition } from "./segment-rules";

const name = (what: string) =>
  z
    .string({ error: `Give the ${what} a name.` })
    .trim()
    .min(1, `Give the ${what} a name.`)
    .max(200);

export const saveSegmentInput = z.object({
  /** Absent: a new segment; present: a new definition for that segment. */
  segmentId: z.uuid().optional(),
  name: name("segment"),
  description: z.string().trim().max(2000).default(""),
  definition: segmentDefinition,
});
export type SaveSegmentInput = z.input<typeof saveSegmentInput>;

export const previewSegmentInput = z.object({
  definition: segmentDefinition,
  /** With a purpose, the preview also counts who may be exported for it. */
  purposeKey: z.string().trim().max(100).optional(),
  channel: z.string().trim().max(30).optional(),
});
export type PreviewSegmentInput = z.input<typeof previewSegmentInput>;

/** Golden attributes an export may carry, after the profile id. */
export const exportFields = [
  "first_name",
  "last_name",
  "email",
  "phone",
  "city",
  "state",
  "postcode",
  "country",
] as const;

export const createExportInput = z
  .object({
    name: name("export"),
    segmentId: z.uuid("Choose a segment."),
    purposeKey: z
      .string({ error: "Choose the purpose the export is for." })
      .trim()
      .min(1, "Choose the purpose the export is for.")
      .max(100),
    channel: z.string().trim().max(30).default(""),
    kind: z.enum(["csv", "webhook"], { error: "kind is csv or webhook." }),
    webhookUrl: z
      .url({ protocol: /^https?$/, error: "The webhook URL must be an http:// or https:// address." })
      .max(2000)
      .optional(),
    fields: z
      .array(z.enum(exportFields, { error: `fields are among ${exportFields.join(", ")}.` }))
      .max(exportFields.length)
      .default(["first_name", "last_name", "email"]),
  })
  .refine((e) => (e.kind === "webhook") === Boolean(e.webhookUrl), {
    message: "A webhook export needs the URL to push to (and a CSV export takes none).",
    path: ["webhookUrl"],
  });
export type CreateExportInput = z.input<typeof createExportInput>;

export const runExportInput = z.object({ exportId: z.uuid() });
export const segmentIdInput = z.object({ segmentId: z.uuid() });

export const sizeSegmentInput = z.object({
  segmentId: z.uuid("segmentId: a segment id is a UUID."),
  /** With a purpose, also how many of its profiles may be exported for it. */
  purposeKey: z.string().trim().max(100).optional(),
  channel: z.string().trim().max(30).optional(),
});
export type SizeSegmentInput = z.input<typeof sizeSegmentInput>;

export { segmentAttributes };
