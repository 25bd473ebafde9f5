import { describe, expect, it } from "vitest";
import { permissions, portalSections, roleHas, roles, rolePermissions, sectionsFor } from "./permissions";

describe("role-to-permission map", () => {
  it("gives the admin every permission and nobody else the admin permission", () => {
    expect([...rolePermissions.admin].sort()).toEqual([...permissions].sort());
    for (const role of roles.filter((r) => r !== "admin")) expect(roleHas(role, "admin")).toBe(false);
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
    expect(sectionsFor("executive").map((s) => s.href)).toEqual(["/glossary", "/lineage", "/quality"]);
    expect(sectionsFor("admin")).toHaveLength(portalSections.length);
    expect(sectionsFor("analyst").map((s) => s.href)).not.toContain("/stewardship");
  });
});
