import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { auditLog, sources } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { createSource, ensureSource, getSourceByName, listSources, updateSource } from "./manage-sources";
import { authenticateSourceToken, rotateSourceToken } from "./source-tokens";

const actor = systemActor("test");

describe("source registry", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("creates a source with a validated mapping and refuses an unknown canonical field by name", async () => {
    const crm = await createSource(handle.db, actor, {
      name: "crm",
      kind: "crm",
      fieldMapping: { EMail: "email", Id: "record_id", Changed: "updated_at" },
    });
    expect(crm).toMatchObject({
      name: "crm",
      kind: "crm",
      hasToken: false,
      fieldMapping: { EMail: "email" },
    });
    await expect(
      createSource(handle.db, actor, { name: "bad", fieldMapping: { Mail: "e_mail" } }),
    ).rejects.toThrow(/e_mail.{0,3}, which is not a canonical field/);
    await expect(createSource(handle.db, actor, { name: "crm" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createSource(handle.db, actor, { name: "Has Spaces" })).rejects.toThrow(
      /lower-case letters/,
    );
    expect((await listSources(handle.db)).map((s) => s.name)).toEqual(["crm"]);
  });

  it("updates trust, kind and mapping, audits it, and ensureSource creates only once", async () => {
    const updated = await updateSource(handle.db, actor, {
      name: "crm",
      attributeTrust: { email: 0.9 },
      kind: "billing",
    });
    expect(updated).toMatchObject({ kind: "billing", attributeTrust: { email: 0.9 } });
    await expect(
      updateSource(handle.db, actor, { name: "crm", attributeTrust: { email: 2 } }),
    ).rejects.toThrow(/between 0 and 1/);
    await expect(updateSource(handle.db, actor, { name: "nope", kind: "web" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const [first, second] = await Promise.all([
      ensureSource(handle.db, actor, { name: "shop", fieldMapping: { mail: "email" } }),
      ensureSource(handle.db, actor, { name: "shop" }),
    ]);
    expect(first.source.id).toBe(second.source.id);
    expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
    expect((await getSourceByName(handle.db, "shop"))?.fieldMapping).toEqual({ mail: "email" });
    const audits = await handle.db.select().from(auditLog).where(eq(auditLog.action, "source.update"));
    expect(audits).toHaveLength(1);
  });

  it("issues a token once, stores only its hash, and authenticates it only for its own source", async () => {
    const { token, source } = await rotateSourceToken(handle.db, actor, "crm");
    expect(source.hasToken).toBe(true);
    const [row] = await handle.db.select().from(sources).where(eq(sources.name, "crm"));
    expect(row!.apiTokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await authenticateSourceToken(handle.db, "crm", token)).toMatchObject({
      ok: true,
      source: { name: "crm" },
    });
    expect(await authenticateSourceToken(handle.db, "crm", token + "x")).toEqual({
      ok: false,
      reason: "wrong_token",
    });
    expect(await authenticateSourceToken(handle.db, "shop", token)).toEqual({
      ok: false,
      reason: "other_source",
    });
    expect(await authenticateSourceToken(handle.db, "nowhere", "x")).toEqual({
      ok: false,
      reason: "unknown_source",
    });
    expect(await authenticateSourceToken(handle.db, "shop", "x")).toEqual({ ok: false, reason: "no_token" });

    const rotated = await rotateSourceToken(handle.db, actor, "crm");
    expect(await authenticateSourceToken(handle.db, "crm", token)).toMatchObject({ ok: false });
    expect(await authenticateSourceToken(handle.db, "crm", rotated.token)).toMatchObject({ ok: true });
    const audits = await handle.db.select().from(auditLog).where(eq(auditLog.action, "source.rotate_token"));
    expect(JSON.stringify(audits)).not.toContain(rotated.token);
  });
});
