// Segments: save a named rule definition, list them, and preview how many active profiles one matches (and how
// many of those may be used for a purpose, which is what an export of it would send).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { consentPurposes, segments } from "@c360/db/schema";
import { asc, eq, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { hasCurrentConsent } from "../consent/consent-gate";
import { parseInput } from "../parse-input";
import {
  previewSegmentInput,
  saveSegmentInput,
  sizeSegmentInput,
  type PreviewSegmentInput,
  type SaveSegmentInput,
  type SizeSegmentInput,
} from "./activation-schemas";
import { canSeePii } from "../profiles/mask-pii";
import {
  assertSegmentWithinMask,
  compileSegment,
  describeSegment,
  maskSegmentDefinition,
  segmentDefinition,
  type SegmentGroup,
} from "./segment-rules";

export type Segment = typeof segments.$inferSelect;

/** A stored definition, validated again on the way out: rules are only ever compiled from checked JSON. */
export function definitionOf(segment: Segment): SegmentGroup {
  const parsed = segmentDefinition.safeParse(segment.definition);
  if (!parsed.success)
    throw new AppError(
      "PRECONDITION_FAILED",
      `Segment ${segment.name} has a definition that is no longer valid; edit and save it again.`,
    );
  return parsed.data;
}

export async function saveSegment(db: Database, actor: Actor, input: SaveSegmentInput): Promise<Segment> {
  const data = parseInput(saveSegmentInput, input);
  if (!canSeePii(actor)) assertSegmentWithinMask(data.definition);
  const [clash] = await db.select({ id: segments.id }).from(segments).where(eq(segments.name, data.name));
  if (clash && clash.id !== data.segmentId)
    throw new AppError("CONFLICT", `A segment named ${data.name} already exists.`);
  const values = {
    name: data.name,
    description: data.description,
    definition: data.definition as unknown as Record<string, unknown>,
  };
  const [segment] = data.segmentId
    ? await db.update(segments).set(values).where(eq(segments.id, data.segmentId)).returning()
    : await db
        .insert(segments)
        .values({ ...values, createdById: actor.userId })
        .returning();
  if (!segment) throw new AppError("NOT_FOUND", `Segment ${data.segmentId} does not exist.`);
  await recordAudit(db, actor, {
    action: data.segmentId ? "activation.segment_update" : "activation.segment_create",
    entityType: "segment",
    entityId: segment.id,
    details: { name: data.name, rule: describeSegment(maskSegmentDefinition(data.definition)) },
  });
  return segment;
}

/** A stored segment as the caller may read it: a rule's email, phone, birth date or postcode masked without profile:pii. */
function segmentAsSeenBy(segment: Segment, clear: boolean) {
  const valid = segmentDefinition.safeParse(segment.definition);
  if (!valid.success)
    return { ...segment, definition: clear ? segment.definition : {}, summary: "(invalid definition)" };
  const definition = clear ? valid.data : maskSegmentDefinition(valid.data);
  return {
    ...segment,
    definition: definition as unknown as Record<string, unknown>,
    summary: describeSegment(definition),
  };
}

export async function listSegments(db: Database, actor: Actor) {
  const rows = await db.select().from(segments).orderBy(asc(segments.name));
  const clear = canSeePii(actor);
  return rows.map((segment) => segmentAsSeenBy(segment, clear));
}

/** One segment for the caller (the router's read); core code that compiles it uses getSegment. */
export async function readSegment(db: Database, actor: Actor, segmentId: string) {
  return segmentAsSeenBy(await getSegment(db, segmentId), canSeePii(actor));
}

export async function getSegment(db: Database, segmentId: string): Promise<Segment> {
  const [segment] = await db.select().from(segments).where(eq(segments.id, segmentId));
  if (!segment) throw new AppError("NOT_FOUND", `Segment ${segmentId} does not exist.`);
  return segment;
}

export async function findPurpose(db: Database, key: string) {
  const [purpose] = await db.select().from(consentPurposes).where(eq(consentPurposes.key, key));
  if (!purpose) throw new AppError("BAD_REQUEST", `Unknown consent purpose ${key}.`, { purpose: key });
  return purpose;
}

export interface SegmentPreview {
  matched: number;
  /** With a purpose: how many matched profiles have current given consent for it, and how many do not. */
  consented: number | null;
  excludedForConsent: number | null;
  summary: string;
}

/** How many profiles a definition matches. A caller without profile:pii may not test masked values (a count answers). */
export async function previewSegment(
  db: Database,
  actor: Actor,
  input: PreviewSegmentInput,
): Promise<SegmentPreview> {
  const data = parseInput(previewSegmentInput, input);
  if (!canSeePii(actor)) assertSegmentWithinMask(data.definition);
  return countSegmentDefinition(db, data);
}

/**
 * How many profiles a saved segment matches now. Its definition is not the caller's to steer (so a count is no
 * probe of masked values, unlike a preview of a definition typed in), hence no mask check here.
 */
export async function sizeSegment(
  db: Database,
  actor: Actor,
  input: SizeSegmentInput,
): Promise<SegmentPreview & { segmentId: string; name: string }> {
  const data = parseInput(sizeSegmentInput, input);
  const segment = await getSegment(db, data.segmentId);
  const definition = definitionOf(segment);
  const counted = await countSegmentDefinition(db, {
    definition,
    purposeKey: data.purposeKey,
    channel: data.channel,
  });
  // The rule in words is masked as the segment's own read is (an admin's `email equals …`).
  const summary = describeSegment(canSeePii(actor) ? definition : maskSegmentDefinition(definition));
  return { segmentId: segment.id, name: segment.name, ...counted, summary };
}

async function countSegmentDefinition(
  db: Database,
  data: { definition: SegmentGroup; purposeKey?: string; channel?: string },
): Promise<SegmentPreview> {
  const where = compileSegment(data.definition);
  if (!data.purposeKey) {
    const [row] = await queryRows<{ matched: number | string }>(
      db,
      sql`select count(*) as matched from profiles p where p.status = 'active' and ${where}`,
    );
    return {
      matched: Number(row?.matched ?? 0),
      consented: null,
      excludedForConsent: null,
      summary: describeSegment(data.definition),
    };
  }
  const purpose = await findPurpose(db, data.purposeKey);
  const channel = data.channel || purpose.channel || "";
  const [row] = await queryRows<{ matched: number | string; consented: number | string }>(
    db,
    sql`select count(*) as matched, count(*) filter (where ${hasCurrentConsent(sql`p.id`, purpose.id, channel)}) as consented
        from profiles p where p.status = 'active' and ${where}`,
  );
  const matched = Number(row?.matched ?? 0);
  const consented = Number(row?.consented ?? 0);
  return {
    matched,
    consented,
    excludedForConsent: matched - consented,
    summary: describeSegment(data.definition),
  };
}
