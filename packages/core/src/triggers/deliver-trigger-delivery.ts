// One delivery attempt of a trigger's webhook (decision 2201). The claim re-checks consent in the same statement:
// a withdrawal committed before this moment stops the delivery, which is recorded as skipped (no_consent). The body
// is signed (HMAC-SHA256 over `t.body`) and carries the delivery id (`Idempotency-Key`), so a receiver that sees a
// retry of something it already took can tell. Failures are retried with exponential backoff and jitter until the
// delivery's deadline (24 h), then it is a dead letter, replayable from the portal.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
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

export type DeliveryOutcome =
  | { status: "delivered"; httpStatus: number; latencyMs: number }
  | { status: "skipped" }
  | { status: "retrying"; attempts: number; nextAttemptAt: Date; error: string }
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
  created_at: string | Date;
  deadline_at: string | Date;
  url: string | null;
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

export async function deliverTriggerDelivery(
  db: Database,
  deliveryId: string,
  options: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  const consented = hasCurrentConsentAt(
    sql`d.profile_id`,
    sql`p.id`,
    sql`coalesce(nullif(v.definition -> 'consent' ->> 'channel', ''), p.channel, '')`,
  );
  // Claim and consent check in one statement: only one attempt is in flight per delivery, and what it decides is
  // what the ledger said when it was claimed.
  const [claimed] = await queryRows<Claimed>(
    db,
    sql`with c as (
        select d.id, ${consented} as consented, v.definition -> 'action' ->> 'url' as url, t.secret
        from trigger_deliveries d
        join triggers t on t.id = d.trigger_id
        join trigger_versions v on v.trigger_id = d.trigger_id and v.version = d.trigger_version
        left join consent_purposes p on p.key = v.definition -> 'consent' ->> 'purpose'
        where d.id = ${deliveryId}::uuid
          and (d.status in ('pending', 'retrying')
            or (d.status = 'sending' and d.last_attempt_at < now() - make_interval(secs => ${STALE_SENDING_SECONDS})))
        for update of d skip locked
      )
      update trigger_deliveries d set
        status = (case when c.consented then 'sending' else 'skipped' end)::trigger_delivery_status,
        skip_reason = (case when c.consented then null else 'no_consent' end)::trigger_skip_reason,
        attempts = d.attempts + (case when c.consented then 1 else 0 end),
        last_attempt_at = now(), next_attempt_at = null
      from c where d.id = c.id
      returning d.id, c.consented, d.payload, d.attempts, d.created_at, d.deadline_at,
        c.url, c.secret`,
  );
  if (!claimed) return { status: "noop" };
  if (!claimed.consented) return { status: "skipped" };

  const payload = (
    typeof claimed.payload === "string" ? JSON.parse(claimed.payload) : claimed.payload
  ) as Record<string, unknown>;
  const body = JSON.stringify({
    id: claimed.id,
    firedAt: new Date(claimed.created_at).toISOString(),
    attempt: Number(claimed.attempts),
    ...payload,
  });
  let failure: string;
  let httpStatus: number | null = null;
  try {
    const url = claimed.url ?? "";
    const check = await checkWebhookTarget(url, options.policy);
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
    httpStatus = response.status;
    if (response.status >= 200 && response.status < 300) {
      const [done] = await queryRows<{ latency_ms: number }>(
        db,
        sql`update trigger_deliveries set status = 'delivered', delivered_at = now(), last_http_status = ${response.status},
              last_error = null, latency_ms = (extract(epoch from (clock_timestamp() - created_at)) * 1000)::bigint
            where id = ${claimed.id}::uuid returning latency_ms`,
      );
      return { status: "delivered", httpStatus: response.status, latencyMs: Number(done?.latency_ms ?? 0) };
    }
    failure =
      response.status >= 300 && response.status < 400
        ? `answered HTTP ${response.status} (a redirect; c360 does not follow redirects: use the final address)`
        : `answered HTTP ${response.status}`;
  } catch (error) {
    failure = describeFailure(error);
    // The detail (error code, host:port) goes to the server log only, never to the stored error (decision 0703).
    const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
    options.log?.(
      `triggers: delivery ${claimed.id} attempt ${claimed.attempts} failed${code ? ` (${code})` : ""}`,
    );
  }
  const attempts = Number(claimed.attempts);
  const next = new Date(Date.now() + backoffSeconds(attempts, options.random) * 1000);
  const dead = next.getTime() > new Date(claimed.deadline_at).getTime();
  await db.execute(
    sql`update trigger_deliveries set status = ${dead ? "dead" : "retrying"}::trigger_delivery_status,
          last_error = ${failure}, last_http_status = ${httpStatus}, next_attempt_at = ${dead ? null : next.toISOString()}::timestamptz
        where id = ${claimed.id}::uuid`,
  );
  return dead
    ? { status: "dead", attempts, error: failure }
    : { status: "retrying", attempts, nextAttemptAt: next, error: failure };
}
