// The one place the portal reads C360_TRIGGER_DELIVERY: whether this process delivers triggers' webhooks
// (decision 2201). On by default: on the embedded database the portal is the only process that can open it, and
// on PostgreSQL a worker may deliver beside it (pg-boss and the outbox claim keep each attempt to one process).
import "server-only";
import { z } from "zod";

const triggersEnv = z.object({ C360_TRIGGER_DELIVERY: z.enum(["on", "off"]).default("on") });

export function triggerDeliveryEnabled(): boolean {
  const parsed = triggersEnv.safeParse({
    C360_TRIGGER_DELIVERY: process.env.C360_TRIGGER_DELIVERY || undefined,
  });
  if (!parsed.success) {
    console.error("c360: C360_TRIGGER_DELIVERY must be on or off; trigger delivery stays on.");
    return true;
  }
  return parsed.data.C360_TRIGGER_DELIVERY === "on";
}

/** Where NATS actions publish from the portal (the worker reads the same NATS_URL); connected on first use. */
export function triggerNatsUrl(): string {
  return process.env.NATS_URL?.trim() || "nats://127.0.0.1:4222";
}
