// Consent notices: the text a person is shown when asked. Publishing under an existing key makes its next version;
// published versions are never edited (a trigger refuses it), so every event proves what its person read.
import { type Database, inTransaction } from "@c360/db/client";
import { consentNotices, consentPurposes } from "@c360/db/schema";
import { and, eq, max } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { publishNoticeInput, type PublishNoticeInput } from "./consent-schemas";

export type ConsentNotice = typeof consentNotices.$inferSelect;

export async function publishNotice(
  db: Database,
  actor: Actor,
  input: PublishNoticeInput,
): Promise<ConsentNotice> {
  const data = parseInput(publishNoticeInput, input);
  return inTransaction(db, async (tx) => {
    const [purpose] = await tx.select().from(consentPurposes).where(eq(consentPurposes.key, data.purposeKey));
    if (!purpose)
      throw new AppError("BAD_REQUEST", `Unknown consent purpose ${data.purposeKey}: create it first.`, {
        purpose: data.purposeKey,
      });
    const versions = await tx
      .select({ purposeId: consentNotices.purposeId, latest: max(consentNotices.version) })
      .from(consentNotices)
      .where(eq(consentNotices.noticeKey, data.noticeKey))
      .groupBy(consentNotices.purposeId);
    const other = versions.find((v) => v.purposeId !== purpose.id);
    if (other) {
      throw new AppError(
        "BAD_REQUEST",
        `Notice ${data.noticeKey} is about another purpose; a new version must keep its purpose. Use a new notice key.`,
        { notice: data.noticeKey },
      );
    }
    const version = (versions[0]?.latest ?? 0) + 1;
    const [notice] = await tx
      .insert(consentNotices)
      .values({
        noticeKey: data.noticeKey,
        purposeId: purpose.id,
        version,
        title: data.title,
        body: data.body,
        publishedAt: new Date(),
        createdById: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "consent.notice_publish",
      entityType: "consent_notice",
      entityId: notice!.id,
      details: { noticeKey: data.noticeKey, version, purpose: data.purposeKey },
    });
    return notice!;
  });
}

/** The notice version an event cites, checked against the event's purpose; the message names what is wrong. */
export async function findNoticeVersion(
  db: Database,
  key: string,
  version: number,
  purpose: { id: string; key: string },
): Promise<ConsentNotice> {
  const [notice] = await db
    .select()
    .from(consentNotices)
    .where(and(eq(consentNotices.noticeKey, key), eq(consentNotices.version, version)));
  if (!notice) {
    const [latest] = await db
      .select({ v: max(consentNotices.version) })
      .from(consentNotices)
      .where(eq(consentNotices.noticeKey, key));
    const hint = latest?.v ? ` (the latest is version ${latest.v})` : " (no notice has that key)";
    throw new AppError(
      "BAD_REQUEST",
      `Unknown notice version: ${key} version ${version} does not exist${hint}.`,
      { notice: key, version },
    );
  }
  if (notice.purposeId !== purpose.id) {
    throw new AppError(
      "BAD_REQUEST",
      `Notice ${key} version ${version} is not about the purpose ${purpose.key}.`,
      { notice: key, version, purpose: purpose.key },
    );
  }
  return notice;
}
