// A data steward fixes (or stops fixing) one golden value of a profile: the override outranks every source at
// every later refresh, until cleared. Each action is one transaction, audited, and bumps the profile's version.
import { type Database, inTransaction } from "@c360/db/client";
import { goldenOverrides } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { assertProfileActive, lockProfiles } from "../stewardship/lock-profiles";
import { parseInput } from "../parse-input";
import { bumpProfileVersions } from "../stewardship/write-membership";
import { refreshGoldenAttributes } from "./refresh-golden-attributes";
import { standardizeOverrideValue } from "./standardize-override-value";
import {
  clearStewardOverrideInput,
  setStewardOverrideInput,
  type ClearStewardOverrideInput,
  type SetStewardOverrideInput,
} from "./steward-override-schemas";
import type { OverridableField } from "./overridable-fields";

export interface StewardOverrideResult {
  profileId: string;
  attribute: string;
  /** The value as stored and shown (standardized); null after clearing. */
  value: string | null;
}

interface WriteOverride {
  profileId: string;
  attribute: OverridableField;
  value: string;
  note: string;
  origin: "steward" | "rectification";
}

/**
 * Writes an override inside the caller's transaction, without refreshing: rectification writes several and
 * refreshes once. The value is standardized here, so every writer stores what survivorship would show.
 */
export async function writeStewardOverride(
  tx: Database,
  actor: Actor,
  input: WriteOverride,
): Promise<string> {
  const value = standardizeOverrideValue(input.attribute, input.value);
  const row = {
    value,
    note: input.note,
    origin: input.origin,
    setByUserId: actor.userId,
    setBy: actor.label,
    setAt: new Date(),
  };
  await tx
    .insert(goldenOverrides)
    .values({ profileId: input.profileId, attribute: input.attribute, ...row })
    .onConflictDoUpdate({ target: [goldenOverrides.profileId, goldenOverrides.attribute], set: row });
  return value;
}

async function finishChange(tx: Database, profileId: string): Promise<void> {
  // The notification goes with the golden write; PostgreSQL delivers it at commit, after the version bump.
  await refreshGoldenAttributes(tx, [profileId], { notify: true });
  await bumpProfileVersions(tx, [profileId]);
}

export async function setStewardOverride(
  db: Database,
  actor: Actor,
  input: SetStewardOverrideInput,
): Promise<StewardOverrideResult> {
  assertActorCan(actor, "stewardship:write");
  const data = parseInput(setStewardOverrideInput, input);
  return inTransaction(db, async (tx) => {
    const locked = await lockProfiles(tx, [data.profileId]);
    assertProfileActive(locked.get(data.profileId)!);
    const value = await writeStewardOverride(tx, actor, { ...data, origin: "steward" });
    await finishChange(tx, data.profileId);
    // The value and the note may be personal data, which the audit log outlives: only what was overridden.
    await recordAudit(tx, actor, {
      action: "profile.override.set",
      entityType: "profile",
      entityId: data.profileId,
      details: { attribute: data.attribute },
    });
    return { profileId: data.profileId, attribute: data.attribute, value };
  });
}

export async function clearStewardOverride(
  db: Database,
  actor: Actor,
  input: ClearStewardOverrideInput,
): Promise<StewardOverrideResult> {
  assertActorCan(actor, "stewardship:write");
  const data = parseInput(clearStewardOverrideInput, input);
  return inTransaction(db, async (tx) => {
    const locked = await lockProfiles(tx, [data.profileId]);
    assertProfileActive(locked.get(data.profileId)!);
    const deleted = await tx
      .delete(goldenOverrides)
      .where(
        and(eq(goldenOverrides.profileId, data.profileId), eq(goldenOverrides.attribute, data.attribute)),
      )
      .returning({ origin: goldenOverrides.origin });
    if (deleted.length === 0) {
      throw new AppError(
        "NOT_FOUND",
        `Profile ${data.profileId} has no override of ${data.attribute} to clear.`,
        {
          profileId: data.profileId,
          attribute: data.attribute,
        },
      );
    }
    await finishChange(tx, data.profileId);
    await recordAudit(tx, actor, {
      action: "profile.override.clear",
      entityType: "profile",
      entityId: data.profileId,
      details: { attribute: data.attribute, origin: deleted[0]!.origin },
    });
    return { profileId: data.profileId, attribute: data.attribute, value: null };
  });
}
