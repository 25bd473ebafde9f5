// Steward overrides: a value a data steward (or a privacy rectification) fixed for one golden attribute of a
// profile. Survivorship ranks it above every source, so a source re-sending an old value cannot bring it back.
import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";
import { profiles } from "./profiles";

export const goldenOverrides = pgTable(
  "golden_overrides",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    /** A golden attribute name (first_name, phone, city...), as in golden_attributes.attribute. */
    attribute: text("attribute").notNull(),
    /** The display value, standardized the way survivorship shows the attribute (phone E.164, dob yyyy-mm-dd). */
    value: text("value").notNull(),
    /** Why the steward set it: required, shown next to the value. */
    note: text("note").notNull(),
    /** steward (set by hand) or rectification (written by a privacy request). */
    origin: text("origin").notNull().default("steward"),
    setByUserId: uuid("set_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The actor's label (email, "system"), kept when the user is deleted. */
    setBy: text("set_by").notNull(),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "golden_overrides_pkey", columns: [t.profileId, t.attribute] }),
    index("golden_overrides_set_by_user_idx").on(t.setByUserId),
    check("golden_overrides_note_present", sql`length(btrim(${t.note})) > 0`),
    check("golden_overrides_origin", sql`${t.origin} in ('steward', 'rectification')`),
  ],
);
