import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("c360-demo");
    await expect(verifyPassword("c360-demo", hash)).resolves.toBe(true);
    await expect(verifyPassword("c360-Demo", hash)).resolves.toBe(false);
    await expect(verifyPassword("", hash)).resolves.toBe(false);
  });

  it("salts every hash and never stores the password itself", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same password");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it("treats a malformed stored hash as a failed check, not a crash", async () => {
    await expect(verifyPassword("x", "plain-text")).resolves.toBe(false);
    await expect(verifyPassword("x", "scrypt$1$2")).resolves.toBe(false);
  });
});
