import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { auditLog, users } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { AppError } from "../errors";
import { authenticateUser, signInThrottle } from "./authenticate-user";
import { demoPassword, demoUsers, ensureDemoUsers } from "./ensure-demo-users";
import { getActiveUserActor } from "./get-active-user";
import { createUser, findUserByEmail, listUsers, setUserPassword, updateUser } from "./manage-users";
import { provisionOidcUser } from "./provision-oidc-user";

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
    const failures = await handle.db.select().from(auditLog).where(eq(auditLog.action, "user.sign_in_failed"));
    expect(failures.map((f) => f.details.reason).sort()).toEqual(["unknown_email", "wrong_password"]);
    expect(JSON.stringify(failures)).not.toContain("guess");
  });

  it("throttles an email after repeated failures, even with the right password", async () => {
    for (let i = 0; i < signInThrottle.maxFailures; i++) await authenticateUser(handle.db, "executive@example.com", `wrong-${i}`);
    expect(await authenticateUser(handle.db, "executive@example.com", demoPassword)).toBeNull();
    expect(await authenticateUser(handle.db, "governance@example.com", demoPassword)).not.toBeNull();
  });

  it("takes a disabled account's access away at once and protects the last admin", async () => {
    const admin = systemActor();
    const created = await createUser(handle.db, admin, { email: "Temp@Example.com", name: "Temp", role: "analyst", password: "long enough" });
    expect(created.email).toBe("temp@example.com");
    await expect(createUser(handle.db, admin, { email: "temp@example.com", name: "T", role: "analyst", password: "long enough" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await getActiveUserActor(handle.db, created.id)).toMatchObject({ role: "analyst" });
    await updateUser(handle.db, admin, { userId: created.id, active: false });
    expect(await getActiveUserActor(handle.db, created.id)).toBeNull();
    expect(await authenticateUser(handle.db, "temp@example.com", "long enough")).toBeNull();

    const onlyAdmin = (await findUserByEmail(handle.db, "admin@example.com"))!;
    await expect(updateUser(handle.db, admin, { userId: onlyAdmin.id, role: "analyst" })).rejects.toBeInstanceOf(AppError);
  });

  it("changes a password so the old one stops working", async () => {
    const analyst = (await findUserByEmail(handle.db, "analyst@example.com"))!;
    await expect(setUserPassword(handle.db, systemActor(), { userId: analyst.id, password: "short" })).rejects.toThrow(/at least 8/);
    await setUserPassword(handle.db, systemActor(), { userId: analyst.id, password: "a new long password" });
    expect(await authenticateUser(handle.db, "analyst@example.com", "a new long password")).not.toBeNull();
  });

  it("provisions a single-sign-on user once with the default role", async () => {
    const first = await provisionOidcUser(handle.db, { email: "Sso@Example.org", name: "Sso User" }, "analyst");
    const again = await provisionOidcUser(handle.db, { email: "sso@example.org", name: "Sso User" }, "admin");
    expect(first).toMatchObject({ role: "analyst", email: "sso@example.org" });
    expect(again?.id).toBe(first?.id);
    expect(await provisionOidcUser(handle.db, { email: "not an email", name: "x" }, "analyst")).toBeNull();
  });
});
