// Roles, permissions and the one map between them. Every server-side check in c360 reads this file.

export const roles = ["admin", "steward", "governance_lead", "analyst", "executive"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
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
  // Send the contact points (email, phone, address, birth date) of consenting profiles to a destination, unmasked,
  // without the right to read personal data in the portal: what an email tool needs, audited per run.
  "activation:export",
  "admin",
] as const;
export type Permission = (typeof permissions)[number];

/** What each role may do. Reading governance content (glossary, catalog, lineage) only needs a signed-in user. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  steward: ["profile:read", "profile:pii", "stewardship:write", "quality:read", "quality:write"],
  governance_lead: [
    "profile:read",
    "glossary:write",
    "lineage:write",
    "consent:write",
    "privacy:write",
    "quality:read",
    "quality:write",
    "activation:write",
    "activation:export",
  ],
  analyst: ["profile:read", "quality:read"],
  executive: ["quality:read"],
};

export const roleLabels: Record<Role, string> = {
  admin: "Administrator",
  steward: "Data steward",
  governance_lead: "Governance lead",
  analyst: "Business analyst",
  executive: "Executive",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): ReadonlySet<Permission> {
  return new Set(rolePermissions[role]);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/**
 * What a route asks of its visitor: a permission, or just being signed in ("authenticated").
 * The portal's navigation and its server-side route guard both read this one list.
 */
export type Requirement = Permission | "authenticated";

export interface PortalSection {
  href: string;
  label: string;
  requires: Requirement;
}

export const portalSections: readonly PortalSection[] = [
  { href: "/profiles", label: "Profiles", requires: "profile:read" },
  { href: "/stewardship", label: "Stewardship", requires: "stewardship:write" },
  { href: "/glossary", label: "Glossary", requires: "authenticated" },
  { href: "/catalog", label: "Catalog", requires: "authenticated" },
  { href: "/lineage", label: "Lineage", requires: "authenticated" },
  { href: "/consent", label: "Consent", requires: "consent:write" },
  { href: "/quality", label: "Quality", requires: "quality:read" },
  { href: "/triggers", label: "Triggers", requires: "activation:write" },
  { href: "/admin", label: "Admin", requires: "admin" },
];

export function roleMeets(role: Role, requirement: Requirement): boolean {
  return requirement === "authenticated" || roleHas(role, requirement);
}

export function sectionsFor(role: Role): PortalSection[] {
  return portalSections.filter((section) => roleMeets(role, section.requires));
}
