import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { accessTokens, auditLog, users } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { systemActor } from "../actor";
import { failure } from "../errors.testing";

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const refused = await failure(promise);
  expect(refused.code).toBe(code);
  if (message) expect(refused.message).toMatch(message);
}
import { demoActor } from "../users/demo-actor.testing";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { accessTokenRefusals, authenticateAccessToken } from "./authenticate-access-token";
import { consumeTokenCall } from "./limit-token-calls";
import {
  createAccessToken,
  createAccessTokenForEmail,
  listAccessTokens,
  revokeAccessToken,
} from "./manage-access-tokens";

describe("personal access tokens", () => {
  let handle: TestDatabase;
  let analyst: Actor;
  let steward: Actor;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await ensureDemoUsers(handle.db);
    analyst = await demoActor(handle.db, "analyst@example.com");
    steward = await demoActor(handle.db, "steward@example.com");
  });
  afterAll(async () => handle?.destroy());

  it("creates a token shown once, stores only its hash, and authenticates it as its user with the scope", async () => {
    const { token, accessToken } = await createAccessToken(handle.db, analyst, { name: "laptop agent" });
    expect(token).toMatch(/^c360_pat_[A-Za-z0-9_-]{43}$/);
    expect(accessToken).toMatchObject({
      name: "laptop agent",
      scope: "read",
      state: "active",
      lastUsedAt: null,
    });
    const [row] = await handle.db.select().from(accessTokens).where(eq(accessTokens.id, accessToken.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(9));
    expect(JSON.stringify(accessToken)).not.toContain(token.slice(9));

    const check = await authenticateAccessToken(handle.db, token);
    expect(check).toMatchObject({
      ok: true,
      actor: { userId: analyst.userId, role: "analyst", label: "analyst@example.com" },
      token: { id: accessToken.id, name: "laptop agent", scope: "read" },
    });
    const [listed] = await listAccessTokens(handle.db, analyst);
    expect(listed!.lastUsedAt).toBeInstanceOf(Date);
    // A user sees only their own tokens.
    expect((await listAccessTokens(handle.db, steward)).map((t) => t.id)).not.toContain(accessToken.id);
  });

  it("validates name, scope and days with messages naming the field, and refuses a duplicate live name", async () => {
    await expectAppError(
      createAccessToken(handle.db, analyst, { name: " " }),
      "BAD_REQUEST",
      /Name the token/,
    );
    await expectAppError(
      createAccessToken(handle.db, analyst, { name: "x", scope: "admin" as "read" }),
      "BAD_REQUEST",
      /scope/,
    );
    await expectAppError(
      createAccessToken(handle.db, analyst, { name: "x", days: 9999 }),
      "BAD_REQUEST",
      /days/,
    );
    await expectAppError(createAccessToken(handle.db, analyst, { name: "Laptop Agent" }), "CONFLICT", /name/);
  });

  it("refuses a revoked, an expired, an unknown token and one of a disabled account, each with its reason", async () => {
    const { token, accessToken } = await createAccessToken(handle.db, analyst, { name: "to revoke" });
    // Another user cannot revoke it: it does not exist for them.
    await expectAppError(revokeAccessToken(handle.db, steward, { tokenId: accessToken.id }), "NOT_FOUND");
    expect((await revokeAccessToken(handle.db, analyst, { tokenId: accessToken.id })).state).toBe("revoked");
    expect(await authenticateAccessToken(handle.db, token)).toEqual({ ok: false, reason: "revoked" });

    const made = new Date("2026-01-01T00:00:00Z");
    const old = await createAccessToken(handle.db, analyst, { name: "short", days: 1 }, made);
    expect(await authenticateAccessToken(handle.db, old.token)).toEqual({ ok: false, reason: "expired" });
    expect((await authenticateAccessToken(handle.db, old.token, new Date("2026-01-01T12:00:00Z"))).ok).toBe(
      true,
    );

    expect(await authenticateAccessToken(handle.db, "c360_pat_" + "A".repeat(43))).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await authenticateAccessToken(handle.db, "Bearer nonsense")).toEqual({
      ok: false,
      reason: "malformed",
    });

    const { token: stewardToken } = await createAccessToken(handle.db, steward, { name: "s" });
    await handle.db.update(users).set({ active: false }).where(eq(users.email, "steward@example.com"));
    expect(await authenticateAccessToken(handle.db, stewardToken)).toEqual({
      ok: false,
      reason: "user_inactive",
    });
    await handle.db.update(users).set({ active: true }).where(eq(users.email, "steward@example.com"));
    expect(accessTokenRefusals.revoked).toMatch(/revoked/);
  });

  it("follows the user's role as it is now, not as it was when the token was made", async () => {
    const { token } = await createAccessToken(handle.db, steward, { name: "role follows", scope: "propose" });
    await handle.db.update(users).set({ role: "executive" }).where(eq(users.email, "steward@example.com"));
    const check = await authenticateAccessToken(handle.db, token);
    await handle.db.update(users).set({ role: "steward" }).where(eq(users.email, "steward@example.com"));
    expect(check).toMatchObject({ ok: true, actor: { role: "executive" }, token: { scope: "propose" } });
    if (check.ok) expect(check.actor.permissions.has("profile:pii")).toBe(false);
  });

  it("lets an operator issue a token for a user by email, audited with both names", async () => {
    const issued = await createAccessTokenForEmail(handle.db, systemActor("cli"), "Governance@Example.com", {
      name: "cli issued",
      scope: "propose",
      days: 7,
    });
    expect(issued.user.email).toBe("governance@example.com");
    const check = await authenticateAccessToken(handle.db, issued.token);
    expect(check).toMatchObject({
      ok: true,
      actor: { role: "governance_lead" },
      token: { scope: "propose" },
    });
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, issued.accessToken.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: "access_token.create",
        actorLabel: "cli",
        details: expect.objectContaining({ name: "cli issued", ownerUserId: issued.user.id }),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(issued.token.slice(9));
    await expectAppError(
      createAccessTokenForEmail(handle.db, systemActor("cli"), "nobody@example.com", { name: "n" }),
      "NOT_FOUND",
      /email/,
    );
  });

  it("spends a per-token budget of calls atomically: exactly the limit passes when calls race", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () => consumeTokenCall(handle.db, "race-token", 10)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.find((r) => r.status === "rejected");
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(/10 calls in the last minute/);
  });
});
