// Users and the audit log: who may do what, and who did what to which record.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Roles are an enum rather than a table: the role-to-permission map is code (packages/auth/permissions.ts),
 * reviewed like code, so a table of roles would only be a second copy that can drift.
 */
export const roleEnum = pgEnum("role", ["admin", "steward", "governance_lead", "analyst", "executive"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    /** scrypt hash with its parameters and salt (see core/users/password.ts); null for OIDC-only users. */
    passwordHash: text("password_hash"),
    authProvider: text("auth_provider").notNull().default("credentials"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    /**
     * Sessions carry the version they were issued under; sign-out, a password change, disabling and a role change
     * bump it, and every request compares (see docs/decisions/0006). Existing sessions then end at once.
     */
    sessionVersion: integer("session_version").notNull().default(0),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Null for the system itself or a source system acting through its API token. */
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who acted, readable without a join and kept when the user is deleted: an email, "system" or "source:crm". */
    actorLabel: text("actor_label").notNull(),
    /** dotted verb: user.sign_in, profile.view_pii, merge.create, consent.record ... */
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    /** Context of the action. Never personal data: erasure keeps audit rows as tombstones. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorUserId, t.at),
  ],
);

/**
 * Counters of rate-limited actions (rate-limiter-flexible's drizzle store: one row per key, points consumed in the
 * window ending at `expire`, upserted atomically): exact email/phone lookups by callers without profile:pii, and
 * failed sign-ins per account + client and per client (core/users/throttle-sign-in.ts).
 */
export const rateLimitCounters = pgTable("rate_limit_counters", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

export const accessTokenScopeEnum = pgEnum("access_token_scope", ["read", "propose"]);

/**
 * Personal access tokens: an agent (an MCP client) acts as the user who created the token, with that user's role
 * at the time of each call. Only the SHA-256 hash of the token is stored (256 random bits: nothing to brute-force);
 * the token itself is shown once. `scope` narrows the role further: read, or read + propose (proposals a person decides).
 */
export const accessTokens = pgTable(
  "access_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    scope: accessTokenScopeEnum("scope").notNull().default("read"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("access_tokens_hash_key").on(t.tokenHash),
    index("access_tokens_user_idx").on(t.userId, t.createdAt),
    // A name tells a user's live tokens apart (revoked ones keep theirs in the list).
    uniqueIndex("access_tokens_user_name_key")
      .on(t.userId, sql`lower(${t.name})`)
      .where(sql`${t.revokedAt} is null`),
  ],
);
