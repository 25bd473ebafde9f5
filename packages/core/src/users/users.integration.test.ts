import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { auditLog, rateLimitCounters, users } from "@c360/db/schema";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { AppError } from "../errors";
import { authenticateUser, signInThrottle } from "./authenticate-user";
import { demoPassword, demoUsers, ensureDemoUsers } from "./ensure-demo-users";
import { getActiveUserActor } from "./get-active-user";
import { createUser, findUserByEmail, listUsers, setUserPassword, updateUser } from "./manage-users";
import { provisionOidcUser } from "./provision-oidc-user";
import { endUserSessions, isSessionCurrent } from "./user-sessions";

describe("users", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await ensureDemoUsers(handle.db);
  });
  afterAll(async () => handle?.destroy());

  it("seeds one demo user per role, once, without storing the password", async () => {
    expect(await ensureDemoUsers(handle.db)).toBe(0);
    const rows = await handle.db.select().from(users);
    expect(rows.map((u) => u.email).sort()).toEqual(demoUsers.map((u) => u.email).sort());
    for (const row of rows) expect(row.passwordHash).not.toContain(demoPassword);
    expect((await listUsers(handle.db))[0]).not.toHaveProperty("passwordHash");
  });

  it("signs a demo user in with the demo password, case-insensitively on the email, and audits it", async () => {
    const user = await authenticateUser(handle.db, "Steward@Example.com ", demoPassword);
    expect(user).toMatchObject({ email: "steward@example.com", role: "steward" });
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, "user.sign_in"));
    expect(audit.some((a) => a.actorUserId === user!.id)).toBe(true);
  });

  it("refuses a wrong password and an unknown email alike, and audits the failure without the password", async () => {
    expect(await authenticateUser(handle.db, "analyst@example.com", "guess")).toBeNull();
    expect(await authenticateUser(handle.db, "nobody@example.com", demoPassword)).toBeNull();
    const failures = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "user.sign_in_failed"));
    expect(failures.map((f) => f.details.reason).sort()).toEqual(["unknown_email", "wrong_password"]);
    expect(JSON.stringify(failures)).not.toContain("guess");
  });

  it("throttles an email after repeated failures from one client, even with the right password", async () => {
    for (let i = 0; i < signInThrottle.maxFailures; i++)
      await authenticateUser(handle.db, "executive@example.com", `wrong-${i}`);
    expect(await authenticateUser(handle.db, "executive@example.com", demoPassword)).toBeNull();
    expect(await authenticateUser(handle.db, "governance@example.com", demoPassword)).not.toBeNull();
  });

  it("counts 30 parallel wrong passwords exactly up to the limit, and cannot lock the account for another client", async () => {
    const admin = (await findUserByEmail(handle.db, "admin@example.com"))!;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        authenticateUser(handle.db, "admin@example.com", `guess-${i}`, "198.51.100.66"),
      ),
    );
    expect(results.every((r) => r === null)).toBe(true);
    const audited = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, "admin@example.com"));
    expect(audited.filter((a) => a.action === "user.sign_in_failed")).toHaveLength(
      signInThrottle.maxFailures,
    );
    expect(audited.filter((a) => a.action === "user.sign_in_throttled")).toHaveLength(
      30 - signInThrottle.maxFailures,
    );
    // The attacker's client waits; the admin, elsewhere, signs in.
    expect(await authenticateUser(handle.db, "admin@example.com", demoPassword, "198.51.100.66")).toBeNull();
    expect(
      await authenticateUser(handle.db, "admin@example.com", demoPassword, "203.0.113.10"),
    ).toMatchObject({ id: admin.id });
  });

  it("throttles one client spraying passwords across accounts", async () => {
    const client = "192.0.2.200";
    for (let i = 0; i < signInThrottle.maxClientFailures; i++)
      await authenticateUser(handle.db, `spray-${i}@example.com`, "Summer2026!", client);
    expect(await authenticateUser(handle.db, "steward@example.com", demoPassword, client)).toBeNull();
    const [last] = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, "steward@example.com"))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(last).toMatchObject({ action: "user.sign_in_throttled", details: { scope: "client" } });
    expect(
      await authenticateUser(handle.db, "steward@example.com", demoPassword, "192.0.2.201"),
    ).not.toBeNull();
    // Only hashes of emails and addresses are kept for counting.
    expect(JSON.stringify(await handle.db.select().from(rateLimitCounters))).not.toMatch(/spray|192\.0\.2/);
  });

  it("ends a user's sessions on sign-out, password change, disabling and role change", async () => {
    const admin = systemActor();
    const user = await createUser(handle.db, admin, {
      email: "sessions@example.com",
      name: "Sessions",
      role: "analyst",
      password: "long enough",
    });
    const version = async () =>
      (await handle.db.select().from(users).where(eq(users.id, user.id)))[0]!.sessionVersion;
    let issued = (await authenticateUser(handle.db, "sessions@example.com", "long enough", "203.0.113.1"))!
      .sessionVersion;
    expect(await isSessionCurrent(handle.db, user.id, issued)).toBe(true);
    expect(await getActiveUserActor(handle.db, user.id, issued)).not.toBeNull();

    await endUserSessions(handle.db, user.id); // sign-out
    expect(await isSessionCurrent(handle.db, user.id, issued)).toBe(false);
    expect(await getActiveUserActor(handle.db, user.id, issued)).toBeNull();

    for (const change of [
      () => setUserPassword(handle.db, admin, { userId: user.id, password: "another long one" }),
      () => updateUser(handle.db, admin, { userId: user.id, role: "steward" }),
      () => updateUser(handle.db, admin, { userId: user.id, active: false }),
    ]) {
      issued = await version();
      expect(await getActiveUserActor(handle.db, user.id, issued)).not.toBeNull();
      await change();
      expect(await getActiveUserActor(handle.db, user.id, issued)).toBeNull();
      await updateUser(handle.db, admin, { userId: user.id, active: true });
    }
    // Enabling again is no revival of old sessions: the version moved on.
    expect(await version()).toBeGreaterThan(issued);
  });

  it("takes a disabled account's access away at once and protects the last admin", async () => {
    const admin = systemActor();
    const created = await createUser(handle.db, admin, {
      email: "Temp@Example.com",
      name: "Temp",
      role: "analyst",
      password: "long enough",
    });
    expect(created.email).toBe("temp@example.com");
    await expect(
      createUser(handle.db, admin, {
        email: "temp@example.com",
        name: "T",
        role: "analyst",
        password: "long enough",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await getActiveUserActor(handle.db, created.id, 0)).toMatchObject({ role: "analyst" });
    await updateUser(handle.db, admin, { userId: created.id, active: false });
    expect(await getActiveUserActor(handle.db, created.id, 0)).toBeNull();
    expect(await authenticateUser(handle.db, "temp@example.com", "long enough")).toBeNull();

    const onlyAdmin = (await findUserByEmail(handle.db, "admin@example.com"))!;
    await expect(
      updateUser(handle.db, admin, { userId: onlyAdmin.id, role: "analyst" }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it("changes a password so the old one stops working", async () => {
    const analyst = (await findUserByEmail(handle.db, "analyst@example.com"))!;
    await expect(
      setUserPassword(handle.db, systemActor(), { userId: analyst.id, password: "short" }),
    ).rejects.toThrow(/at least 8/);
    await setUserPassword(handle.db, systemActor(), { userId: analyst.id, password: "a new long password" });
    expect(await authenticateUser(handle.db, "analyst@example.com", "a new long password")).not.toBeNull();
  });

  it("provisions a single-sign-on user once with the default role", async () => {
    const first = await provisionOidcUser(
      handle.db,
      { email: "Sso@Example.org", name: "Sso User" },
      "analyst",
    );
    const again = await provisionOidcUser(handle.db, { email: "sso@example.org", name: "Sso User" }, "admin");
    expect(first).toMatchObject({ role: "analyst", email: "sso@example.org" });
    expect(again?.id).toBe(first?.id);
    expect(await provisionOidcUser(handle.db, { email: "not an email", name: "x" }, "analyst")).toBeNull();
  });
});
