// The worker's settings, read and validated in one place.
import { z } from "zod";

const workerEnvSchema = z.object({
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  C360_RECORDS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "a JetStream stream name: letters, digits, - and _")
    .default("C360_RECORDS"),
  C360_RECORDS_SUBJECT_PREFIX: z.string().default("c360.records"),
  C360_RECORDS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("c360-ingest"),
  /** Messages per fetch: they are stored in one transaction per source, then acknowledged. */
  C360_RECORDS_CHUNK: z.coerce.number().int().min(1).max(10_000).default(1000),
  C360_EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "a JetStream stream name: letters, digits, - and _")
    .default("C360_EVENTS"),
  C360_EVENTS_SUBJECT_PREFIX: z.string().default("c360.events"),
  C360_EVENTS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("c360-events"),
  /** Most NATS messages stored per round (each may carry a batch of events). */
  C360_EVENTS_CHUNK: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Set to "off" to leave the delivery of triggers' webhooks to other processes (decision 2201). */
  C360_TRIGGER_DELIVERY: z.enum(["on", "off"]).default("on"),
  /** Set to "off" to store records without resolving them on arrival. */
  C360_RESOLVE_ON_ARRIVAL: z.enum(["on", "off"]).default("on"),
  /** Minutes between scheduled quality runs. */
  C360_QUALITY_EVERY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** Minutes between checks whether the churn model is due for retraining (decision 2301). */
  C360_PREDICT_CHECK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(360),
  /** Age in days after which the active churn model is retrained. */
  C360_PREDICT_RETRAIN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Minutes between catalog syncs (sources, columns, events and lineage that arrived by stream or REST). */
  C360_CATALOG_SYNC_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(15),
  /** Seconds between sweeps of stored records still waiting for a resolution decision. */
  C360_RESOLVE_PENDING_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Minutes between full batch runs (0 switches them off). */
  C360_RESOLVE_FULL_EVERY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(31 * 24 * 60)
    .default(24 * 60),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Worker settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}
