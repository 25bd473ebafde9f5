import { describe, expect, it } from "vitest";
import { permissions, portalSections, roleHas, roles, rolePermissions, sectionsFor } from "./permissions";

describe("role-to-permission map", () => {
  it("gives the admin every permission and nobody else the admin permission", () => {
    // Written out, not derived from the list the map is built from: a permission added to the list but
    // forgotten in the map (or a map that stops giving the admin everything) fails here.
    const expected = [
      "profile:read",
      "profile:pii",
      "stewardship:write",
      "glossary:write",
      "lineage:write",
      "consent:write",
      "privacy:write",
      "quality:read",
      "quality:write",
      "activation:write",
      "activation:export",
      "admin",
    ] as const;
    expect([...permissions].sort()).toEqual([...expected].sort());
    for (const permission of expected) expect(roleHas("admin", permission), permission).toBe(true);
    for (const role of roles.filter((r) => r !== "admin")) expect(roleHas(role, "admin")).toBe(false);
  });

  it("grants every permission but admin to at least one role besides the admin", () => {
    for (const permission of permissions.filter((p) => p !== "admin")) {
      const holders = roles.filter((r) => r !== "admin" && rolePermissions[r].includes(permission));
      expect(holders.length, permission).toBeGreaterThan(0);
    }
  });

  it("keeps personal data from roles that only look at aggregates or masked views", () => {
    expect(roleHas("analyst", "profile:pii")).toBe(false);
    expect(roleHas("executive", "profile:pii")).toBe(false);
    expect(roleHas("executive", "profile:read")).toBe(false);
    expect(roleHas("steward", "profile:pii")).toBe(true);
  });

  it("gives governance writes to governance leads and stewardship writes to stewards", () => {
    expect(roleHas("governance_lead", "glossary:write")).toBe(true);
    expect(roleHas("governance_lead", "stewardship:write")).toBe(false);
    expect(roleHas("steward", "glossary:write")).toBe(false);
  });

  it("shows each role only the sections it may open", () => {
    expect(sectionsFor("executive").map((s) => s.href)).toEqual([
      "/glossary",
      "/catalog",
      "/lineage",
      "/quality",
    ]);
    expect(sectionsFor("admin")).toHaveLength(portalSections.length);
    expect(sectionsFor("analyst").map((s) => s.href)).not.toContain("/stewardship");
  });
});
