// Inputs of churn training and scoring (decision 2301).
import { z } from "zod";

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "The as-of date is a day as YYYY-MM-DD.")
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "The as-of date is not a real day.",
    },
  );

export const trainChurnModelInput = z.object({
  /**
   * Data up to the end of this day (UTC) is used, for features and for the labels trained on; nothing later.
   * Absent: everything up to now.
   */
  asOf: isoDay.optional(),
  /** Churn = no purchase within this many days. */
  horizonDays: z
    .number({ error: "horizonDays is a whole number of days." })
    .int("horizonDays is a whole number of days.")
    .min(7, "horizonDays is at least 7.")
    .max(730, "horizonDays is at most 730.")
    .default(90),
  /** Who or what asked, kept with the model version. */
  trigger: z.enum(["manual", "schedule", "cli"]).default("manual"),
});
export type TrainChurnModelInput = z.input<typeof trainChurnModelInput>;

export const getProfilePredictionInput = z.object({ profileId: z.uuid("A profile id is a UUID.") });
export type GetProfilePredictionInput = z.input<typeof getProfilePredictionInput>;

/** The instant a YYYY-MM-DD as-of date stands for: the last millisecond of that day, UTC. */
export function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - 1);
}
