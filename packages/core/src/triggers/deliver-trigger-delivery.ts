// One delivery attempt of a trigger's action, a webhook or a NATS publish (decision 2201). The claim re-checks consent in the same statement:
// a withdrawal committed before this moment stops the delivery, which is recorded as skipped (no_consent). The body
// is signed (HMAC-SHA256 over `t.body`) and carries the delivery id (`Idempotency-Key`), so a receiver that sees a
// retry of something it already took can tell. Failures are retried with exponential backoff and jitter until the
// delivery's deadline (24 h), then it is a dead letter, replayable from the portal.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { JetStreamClient } from "nats";
import type { Dispatcher } from "undici";
import { fetch } from "undici";
import {
  checkWebhookTarget,
  webhookDispatcher,
  WebhookTargetRefusedError,
  type WebhookPolicy,
} from "../activation/check-webhook-target";
import { hasCurrentConsentAt } from "../consent/consent-gate";
import { SIGNATURE_HEADER, signWebhookBody } from "./sign-webhook";
import type { TriggerAction } from "./trigger-schemas";

export type DeliveryOutcome =
  | { status: "delivered"; httpStatus: number | null; latencyMs: number }
  | { status: "skipped" }
  | { status: "retrying"; attempts: number; round: number; nextAttemptAt: Date; error: string }
  | { status: "dead"; attempts: number; error: string }
  /** Nothing to do: delivered, skipped or dead already, or another attempt is in flight. */
  | { status: "noop" };

export interface DeliverOptions {
  policy?: WebhookPolicy;
  dispatcher?: Dispatcher;
  /** Milliseconds before an attempt that has no answer counts as failed. */
  timeoutMs?: number;
  log?: (line: string) => void;
  random?: () => number;
  /** JetStream for NATS actions (connected on first use by the runner); absent, NATS deliveries fail and retry. */
  nats?: () => Promise<Pick<JetStreamClient, "publish">>;
}

/** An attempt still 'sending' after this long is taken to have died with its process and may be claimed again. */
const STALE_SENDING_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 3600;

/** Seconds before attempt `attempts + 1`: 1 s doubling to an hour, each drawn between half and all of that. */
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.max(0, attempts - 1));
  return base / 2 + (random() * base) / 2;
}

interface Claimed extends Record<string, unknown> {
  id: string;
  consented: boolean;
  payload: unknown;
  attempts: number;
  round: number;
  created_at: string | Date;
  deadline_at: string | Date;
  action: unknown;
  secret: string | null;
}

const sharedDispatchers = new WeakMap<WebhookPolicy, Dispatcher>();
let defaultDispatcher: Dispatcher | null = null;

function dispatcherFor(policy: WebhookPolicy | undefined): Dispatcher {
  if (!policy) return (defaultDispatcher ??= webhookDispatcher());
  let d = sharedDispatchers.get(policy);
  if (!d) sharedDispatchers.set(policy, (d = webhookDispatcher(policy)));
  return d;
}

function describeFailure(error: unknown): string {
  if (error instanceof WebhookTargetRefusedError) return error.message;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof WebhookTargetRefusedError) return cause.message;
  if ((error as Error)?.name === "TimeoutError") return "The destination did not answer in time.";
  return "The destination refused or could not be reached.";
}

/** One delivery's attempt (tests, tools): the batch below with one id. */
export async function deliverTriggerDelivery(
  db: Database,
  deliveryId: string,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const outcomes = await deliverTriggerDeliveries(db, [deliveryId], options);
  return outcomes.get(deliveryId) ?? { status: "noop" };
}

type Sent =
  /** httpStatus null: not an HTTP action (a NATS publish). */
  | { id: string; ok: true; httpStatus: number | null }
  | { id: string; ok: false; error: string; httpStatus: number | null };

const parsed = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

async function send(claimed: Claimed, options: DeliverOptions): Promise<Sent> {
  const payload = parsed<Record<string, unknown>>(claimed.payload);
  const body = JSON.stringify({
    id: claimed.id,
    firedAt: new Date(claimed.created_at).toISOString(),
    attempt: Number(claimed.attempts),
    ...payload,
  });
  const action = parsed<TriggerAction>(claimed.action);
  if (action.kind === "nats") return publishToNats(claimed.id, action.subject, body, options);
  try {
    const check = await checkWebhookTarget(action.url ?? "", options.policy);
    if (!check.ok) throw new WebhookTargetRefusedError(check.reason);
    const signature = signWebhookBody(claimed.secret ?? "", body, Math.floor(Date.now() / 1000));
    const response = await fetch(check.url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "c360-triggers",
        [SIGNATURE_HEADER]: signature,
        "idempotency-key": claimed.id,
        "c360-delivery-id": claimed.id,
      },
      redirect: "manual",
      dispatcher: options.dispatcher ?? dispatcherFor(options.policy),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    // The body is not needed; reading it frees the connection for the next delivery.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { id: claimed.id, ok: true, httpStatus: response.status };
    return {
      id: claimed.id,
      ok: false,
      httpStatus: response.status,
      error:
        response.status >= 300 && response.status < 400
          ? `answered HTTP ${response.status} (a redirect; c360 does not follow redirects: use the final address)`
          : `answered HTTP ${response.status}`,
    };
  } catch (error) {
    // The detail (error code, host:port) goes to the server log only, never to the stored error (decision 0703).
    const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
    options.log?.(
      `triggers: delivery ${claimed.id} attempt ${claimed.attempts} failed${code ? ` (${code})` : ""}`,
    );
    return { id: claimed.id, ok: false, httpStatus: null, error: describeFailure(error) };
  }
}

/**
 * A NATS action: the body published through JetStream with the delivery id as `Nats-Msg-Id`, so the stream's
 * duplicate window drops a publish retried after an answer that never reached us. Published once the stream
 * acknowledged it; no stream for the subject, or no NATS, is a failed attempt retried like a webhook's.
 */
async function publishToNats(
  id: string,
  subject: string,
  body: string,
  options: DeliverOptions,
): Promise<Sent> {
  if (!options.nats)
    return {
      id,
      ok: false,
      httpStatus: null,
      error: "NATS is not configured for trigger delivery (NATS_URL).",
    };
  try {
    const js = await options.nats();
    await js.publish(subject, body, { msgID: id, timeout: options.timeoutMs ?? 10_000 });
    return { id, ok: true, httpStatus: null };
  } catch (error) {
    const message = (error as Error)?.message ?? "";
    const code = (error as { code?: string })?.code;
    options.log?.(
      `triggers: delivery ${id} publish to ${subject} failed${code ? ` (${code})` : ""}: ${message}`,
    );
    return {
      id,
      ok: false,
      httpStatus: null,
      error:
        code === "503" || /no responders/i.test(message)
          ? `No JetStream stream captures the subject ${subject}: add one, and the next attempt publishes.`
          : /timeout/i.test(message)
            ? "NATS did not acknowledge the publish in time."
            : "NATS refused the publish or could not be reached.",
    };
  }
}

/**
 * Attempts a batch of deliveries: one statement claims them all (re-checking consent), the requests go out at once,
 * one statement records the successes and one the failures. Ids not claimable (done, skipped, dead, or in flight
 * elsewhere) come back as noop.
 */
export async function deliverTriggerDeliveries(
  db: Database,
  deliveryIds: readonly string[],
  options: DeliverOptions = {},
): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>();
  if (deliveryIds.length === 0) return outcomes;
  const consented = hasCurrentConsentAt(
    sql`d.profile_id`,
    sql`p.id`,
    sql`coalesce(nullif(v.definition -> 'consent' ->> 'channel', ''), p.channel, '')`,
  );
  // Claim and consent check in one statement: only one attempt is in flight per delivery, and what it decides is
  // what the ledger said when it was claimed.
  const claimed = await queryRows<Claimed>(
    db,
    sql`with c as (
        select d.id, ${consented} as consented, v.definition -> 'action' as action, t.secret
        from trigger_deliveries d
        join triggers t on t.id = d.trigger_id
        join trigger_versions v on v.trigger_id = d.trigger_id and v.version = d.trigger_version
        left join consent_purposes p on p.key = v.definition -> 'consent' ->> 'purpose'
        where d.id in (select jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::jsonb)::uuid)
          and (d.status in ('pending', 'retrying')
            or (d.status = 'sending' and d.last_attempt_at < now() - make_interval(secs => ${STALE_SENDING_SECONDS})))
        order by d.id
        for update of d skip locked
      )
      update trigger_deliveries d set
        status = (case when c.consented then 'sending' else 'skipped' end)::trigger_delivery_status,
        skip_reason = (case when c.consented then null else 'no_consent' end)::trigger_skip_reason,
        attempts = d.attempts + (case when c.consented then 1 else 0 end),
        last_attempt_at = now(), next_attempt_at = null
      from c where d.id = c.id
      returning d.id, c.consented, d.payload, d.attempts, d.round, d.created_at, d.deadline_at, c.action, c.secret`,
  );
  for (const id of deliveryIds) outcomes.set(id, { status: "noop" });
  const toSend = claimed.filter((c) => {
    if (!c.consented) outcomes.set(c.id, { status: "skipped" });
    return c.consented;
  });
  if (toSend.length === 0) return outcomes;
  const sent = await Promise.all(toSend.map((c) => send(c, options)));
  const byId = new Map(toSend.map((c) => [c.id, c]));

  const delivered = sent.filter((r) => r.ok);
  if (delivered.length > 0) {
    const rows = await queryRows<{ id: string; latency_ms: number }>(
      db,
      sql`update trigger_deliveries d set status = 'delivered', delivered_at = now(), last_http_status = x.http,
            last_error = null, latency_ms = (extract(epoch from (clock_timestamp() - d.created_at)) * 1000)::bigint
          from jsonb_to_recordset(${JSON.stringify(delivered.map((r) => ({ id: r.id, http: r.httpStatus })))}::jsonb)
            as x(id uuid, http int)
          where d.id = x.id returning d.id, d.latency_ms`,
    );
    const latency = new Map(rows.map((r) => [r.id, Number(r.latency_ms)]));
    for (const r of delivered)
      outcomes.set(r.id, {
        status: "delivered",
        httpStatus: r.httpStatus,
        latencyMs: latency.get(r.id) ?? 0,
      });
  }

  const failed = sent.filter((r): r is Extract<Sent, { ok: false }> => !r.ok);
  if (failed.length > 0) {
    const now = Date.now();
    const decided = failed.map((r) => {
      const c = byId.get(r.id)!;
      const attempts = Number(c.attempts);
      const next = new Date(now + backoffSeconds(attempts, options.random) * 1000);
      const dead = next.getTime() > new Date(c.deadline_at).getTime();
      const outcome: DeliveryOutcome = dead
        ? { status: "dead", attempts, error: r.error }
        : { status: "retrying", attempts, round: Number(c.round), nextAttemptAt: next, error: r.error };
      outcomes.set(r.id, outcome);
      return {
        id: r.id,
        status: dead ? "dead" : "retrying",
        error: r.error,
        http: r.httpStatus,
        next: dead ? null : next.toISOString(),
      };
    });
    await db.execute(
      sql`update trigger_deliveries d set status = x.status::trigger_delivery_status, last_error = x.error,
            last_http_status = x.http, next_attempt_at = x.next
          from jsonb_to_recordset(${JSON.stringify(decided)}::jsonb)
            as x(id uuid, status text, error text, http int, next timestamptz)
          where d.id = x.id`,
    );
  }
  return outcomes;
}
