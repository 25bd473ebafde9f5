// Inputs of the steward override actions, shared by the API and the portal.
import { z } from "zod";
import { OVERRIDABLE_FIELDS } from "./overridable-fields";

export const setStewardOverrideInput = z.object({
  profileId: z.uuid(),
  attribute: z.enum(OVERRIDABLE_FIELDS, {
    error: `attribute must be one of ${OVERRIDABLE_FIELDS.join(", ")}`,
  }),
  value: z.string().trim().min(1, "Give the corrected value.").max(500),
  note: z.string().trim().min(1, "Say why you override the value: the note is required.").max(1000),
});
export type SetStewardOverrideInput = z.input<typeof setStewardOverrideInput>;

export const clearStewardOverrideInput = z.object({
  profileId: z.uuid(),
  attribute: z.enum(OVERRIDABLE_FIELDS, {
    error: `attribute must be one of ${OVERRIDABLE_FIELDS.join(", ")}`,
  }),
  note: z.string().trim().max(1000).optional(),
});
export type ClearStewardOverrideInput = z.input<typeof clearStewardOverrideInput>;
