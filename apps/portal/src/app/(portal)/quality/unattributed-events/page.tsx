// Unattributed events: what c360 keeps but could not yet put on a profile, with the reason, filters and counts.
// They attach by themselves when the identity arrives (a record with that userId, email or phone, an identify or
// alias for the anonymousId); this page shows what is still waiting. Masked for roles without profile:pii.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Unattributed events" };

const REASONS = [
  "no_identity",
  "unknown_user_id",
  "unknown_anonymous_id",
  "ambiguous_identity",
  "unknown_identity",
] as const;
const TYPES = ["track", "page", "screen", "identify", "alias", "group"] as const;
const PAGE_SIZE = 50;
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

type Search = { source?: string; reason?: string; type?: string; identity?: string; page?: string };

function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

function hrefWith(current: Search, change: Partial<Search>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, page: undefined, ...change }))
    if (value) params.set(key, value);
  const query = params.toString();
  return `/quality/unattributed-events${query ? `?${query}` : ""}`;
}

function describe(properties: Record<string, unknown>): string {
  return Object.entries(properties)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .slice(0, 6)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

export default async function UnattributedEventsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await checkPageAccess("/quality/unattributed-events");
  const search = await searchParams;
  const current: Search = {
    source: search.source?.slice(0, 100) || undefined,
    reason: pick(search.reason, REASONS),
    type: pick(search.type, TYPES),
    identity: search.identity?.trim().slice(0, 200) || undefined,
  };
  const page = Math.max(1, Math.min(10_000, Number.parseInt(search.page ?? "1", 10) || 1));
  const api = await getServerApi();
  const list = await api.events.unattributed({
    source: current.source,
    reason: pick(current.reason, REASONS),
    messageType: pick(current.type, TYPES),
    identity: current.identity,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const count = (n: number) =>
    n > list.countCap ? `${list.countCap.toLocaleString("en-US")}+` : n.toLocaleString("en-US");
  const waitingExact = list.byReason.reduce((sum, r) => sum + r.count, 0);
  const waiting = list.byReason.some((r) => r.count > list.countCap) ? list.countCap + 1 : waitingExact;
  const pages = Math.max(1, Math.ceil(Math.min(list.total, list.countCap) / PAGE_SIZE));
  const chip = (active: boolean) =>
    `rounded-full border px-3 py-1 ${active ? "border-brand-600 bg-brand-50 text-brand-900" : "border-slate-300"}`;

  return (
    <>
      <PageHeader
        title="Unattributed events"
        description="Events kept but not yet on a profile, and why. Each attaches by itself when its identity arrives: a record with that userId, email or phone, or an identify or alias joining the anonymousId to a userId."
      >
        <Link href="/quality" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Back to the dashboard
        </Link>
      </PageHeader>
      {list.masked && (
        <p
          className="mb-3 inline-block rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
          data-testid="masked-badge"
        >
          Personal data masked for your role
        </p>
      )}
      <p className="mb-3 text-sm text-slate-700" data-testid="unattributed-total">
        {count(waiting)} waiting event{waiting === 1 ? "" : "s"}
        {current.source ? ` from ${current.source}` : ""}; {count(list.total)} shown by these filters.
      </p>

      <div className="mb-4 space-y-2 text-sm">
        <div role="group" aria-label="Filter by reason" className="flex flex-wrap gap-2">
          <Link
            href={hrefWith(current, { reason: undefined })}
            aria-current={!current.reason ? "page" : undefined}
            className={chip(!current.reason)}
          >
            Any reason ({count(waiting)})
          </Link>
          {list.byReason.map((r) => (
            <Link
              key={r.reason}
              href={hrefWith(current, { reason: r.reason })}
              aria-current={current.reason === r.reason ? "page" : undefined}
              className={chip(current.reason === r.reason)}
            >
              {r.reason.replace(/_/g, " ")} ({count(r.count)})
            </Link>
          ))}
        </div>
        <div role="group" aria-label="Filter by source" className="flex flex-wrap gap-2">
          <Link
            href={hrefWith(current, { source: undefined })}
            aria-current={!current.source ? "page" : undefined}
            className={chip(!current.source)}
          >
            Every source
          </Link>
          {list.bySource.map((s) => (
            <Link
              key={s.source}
              href={hrefWith(current, { source: s.source })}
              aria-current={current.source === s.source ? "page" : undefined}
              className={chip(current.source === s.source)}
            >
              {s.source} ({count(s.count)})
            </Link>
          ))}
        </div>
        <form
          action="/quality/unattributed-events"
          className="flex flex-wrap items-end gap-2"
          aria-label="More filters"
        >
          {current.source && <input type="hidden" name="source" value={current.source} />}
          {current.reason && <input type="hidden" name="reason" value={current.reason} />}
          <label>
            <span className="block text-xs text-slate-600">Message type</span>
            <select
              name="type"
              defaultValue={current.type ?? ""}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="">any</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="block text-xs text-slate-600">anonymousId or userId (exact)</span>
            <input
              name="identity"
              defaultValue={current.identity ?? ""}
              maxLength={200}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <button type="submit" className="rounded border border-slate-300 px-3 py-1">
            Filter
          </button>
        </form>
      </div>

      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" aria-label="Unattributed events">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Received (UTC)
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Source
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Event
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Identity sent
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Why not attributed
              </th>
            </tr>
          </thead>
          <tbody>
            {list.events.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-4 text-center text-slate-500">
                  No waiting events
                  {current.reason || current.source || current.type || current.identity
                    ? " match these filters"
                    : ""}
                  .
                </td>
              </tr>
            )}
            {list.events.map((e) => (
              <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="unattributed-event">
                <td className="px-3 py-2 tabular-nums">
                  {timeFormat.format(e.recordedAt)}
                  <span className="block text-xs text-slate-500">
                    occurred {timeFormat.format(e.occurredAt)}
                  </span>
                </td>
                <td className="px-3 py-2">{e.sourceName}</td>
                <td className="px-3 py-2">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                    {e.messageType ?? "interaction"}
                  </span>{" "}
                  <span className="font-medium">{e.event}</span>
                  <span className="block font-mono text-xs text-slate-500">
                    {e.messageId}
                    {e.messageIdDerived ? " (derived)" : ""}
                  </span>
                  <span className="block text-xs text-slate-500">{describe(e.properties)}</span>
                </td>
                <td className="px-3 py-2 text-xs">
                  {e.userId && <span className="block">userId {e.userId}</span>}
                  {e.anonymousId && <span className="block">anonymousId {e.anonymousId}</span>}
                  {e.contactEmail && <span className="block">email {e.contactEmail}</span>}
                  {e.contactPhone && <span className="block">phone {e.contactPhone}</span>}
                  {!e.userId && !e.anonymousId && !e.contactEmail && !e.contactPhone && (
                    <span className="text-slate-500">none</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">
                    {e.reason.replace(/_/g, " ")}
                  </span>
                  <span className="block text-xs text-slate-600">{e.reasonLabel}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
        {page > 1 && (
          <Link
            href={`${hrefWith(current, {})}${hrefWith(current, {}).includes("?") ? "&" : "?"}page=${page - 1}`}
            className="rounded border border-slate-300 px-3 py-1"
          >
            Newer
          </Link>
        )}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages && (
          <Link
            href={`${hrefWith(current, {})}${hrefWith(current, {}).includes("?") ? "&" : "?"}page=${page + 1}`}
            className="rounded border border-slate-300 px-3 py-1"
          >
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
