"use client";
// The search box and its results: typed search with filters, "/" to focus, arrow keys through results, Enter opens.
import type { ProfileSearchHit, ProfileSearchResult } from "@c360/core/profiles/search-profiles";
import { DataTable, type DataColumn } from "@c360/ui/data-table";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";

export interface SearchState {
  query: string;
  source: string;
  city: string;
  /** "" any, "open" only with an open review task, "none" only without. */
  review: "" | "open" | "none";
  page: number;
}

const PAGE_SIZE = 25;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function toAddress(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  if (state.source) params.set("source", state.source);
  if (state.city) params.set("city", state.city);
  if (state.review) params.set("review", state.review);
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? `/profiles?${text}` : "/profiles";
}

const columns: DataColumn<ProfileSearchHit & Record<string, unknown>>[] = [
  {
    id: "name",
    header: "Name",
    cell: (hit) => (
      <Link href={`/profiles/${hit.id}`} className="font-medium text-brand-700 hover:underline" tabIndex={-1}>
        {hit.displayName ?? "(no name)"}
      </Link>
    ),
  },
  { id: "email", header: "Email", cell: (hit) => hit.email ?? "—", className: "font-mono text-xs" },
  { id: "phone", header: "Phone", cell: (hit) => hit.phone ?? "—", className: "font-mono text-xs" },
  { id: "city", header: "City", cell: (hit) => hit.city ?? "—" },
  { id: "sources", header: "Sources", cell: (hit) => hit.sources.join(", ") },
  { id: "records", header: "Records", cell: (hit) => hit.memberCount, className: "tabular-nums" },
  {
    id: "review",
    header: "Review",
    cell: (hit) =>
      hit.hasOpenReview ? (
        <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">open task</span>
      ) : (
        ""
      ),
  },
  {
    id: "match",
    header: "Match",
    cell: (hit) => (hit.matchedOn ? `${Math.round(hit.score * 100)}% · ${hit.matchedOn}` : ""),
    className: "text-xs text-slate-500",
  },
];

export function ProfileSearch({
  initialState,
  initialResult,
}: {
  initialState: SearchState;
  initialResult: ProfileSearchResult;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const box = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState(initialState.query);
  const [filters, setFilters] = useState({
    source: initialState.source,
    city: initialState.city,
    review: initialState.review,
  });
  const [page, setPage] = useState(initialState.page);
  const [active, setActive] = useState(-1);
  const query = useDebounced(typed.trim(), 200);
  const city = useDebounced(filters.city.trim(), 300);
  const state: SearchState = { query, source: filters.source, city, review: filters.review, page };
  const input = {
    query,
    source: state.source || undefined,
    city: state.city || undefined,
    hasOpenReview: state.review === "" ? undefined : state.review === "open",
    page,
    pageSize: PAGE_SIZE,
  };
  const isInitial = JSON.stringify(state) === JSON.stringify(initialState);
  const search = useQuery({
    ...trpc.profiles.search.queryOptions(input),
    initialData: isInitial ? initialResult : undefined,
    placeholderData: keepPreviousData,
  });
  const result = search.data ?? initialResult;
  const hits = useMemo(() => result.hits as (ProfileSearchHit & Record<string, unknown>)[], [result.hits]);
  const address = toAddress(state);

  useEffect(() => {
    // Keep the address in step without a server round trip, so reload and sharing keep the search.
    window.history.replaceState(null, "", address);
  }, [address]);

  useEffect(() => setActive(hits.length > 0 && query !== "" ? 0 : -1), [hits, query]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing =
        target &&
        (target.tagName === "INPUT" ||
          target.tagName === "TEXTAREA" ||
          target.tagName === "SELECT" ||
          target.isContentEditable);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        box.current?.focus();
        box.current?.select();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const open = (hit: ProfileSearchHit) => router.push(`/profiles/${hit.id}`);
  // Results answer what was typed only once the debounce has passed and the new page has arrived; Enter pressed
  // before that waits for them, so a fast typist never opens a hit of the previous search.
  const fresh = typed.trim() === query && !search.isPlaceholderData && !search.isFetching;
  const [openWhenFresh, setOpenWhenFresh] = useState(false);
  useEffect(() => {
    if (!openWhenFresh || !fresh) return;
    setOpenWhenFresh(false);
    if (hits[0]) router.push(`/profiles/${hits[0].id}`);
  }, [openWhenFresh, fresh, hits, router]);
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Profiles"
        onSubmit={(event) => event.preventDefault()}
        className="space-y-3"
      >
        <div>
          <label htmlFor="profile-search" className="mb-1 block text-sm font-medium text-slate-700">
            Search profiles
          </label>
          <input
            ref={box}
            id="profile-search"
            type="search"
            autoComplete="off"
            autoFocus
            placeholder="Name, email, phone, profile id or source record id   ( / )"
            value={typed}
            aria-controls="profile-results"
            aria-activedescendant={
              active >= 0 && hits[active] ? `profile-results-${hits[active].id}` : undefined
            }
            aria-describedby="search-status"
            onChange={(event) => {
              setTyped(event.target.value);
              setPage(1);
            }}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") {
                event.preventDefault();
                setActive((i) => Math.min(hits.length - 1, i + 1));
              } else if (event.key === "ArrowUp") {
                event.preventDefault();
                setActive((i) => Math.max(0, i - 1));
              } else if (event.key === "Enter") {
                event.preventDefault();
                const hit = hits[active >= 0 ? active : 0];
                if (!fresh) setOpenWhenFresh(true);
                else if (hit) open(hit);
              } else if (event.key === "Escape") {
                setTyped("");
              }
            }}
            className="w-full rounded-lg border border-slate-300 px-4 py-3 text-base shadow-sm focus:border-brand-600"
          />
        </div>
        <fieldset className="flex flex-wrap items-end gap-4">
          <legend className="sr-only">Filters</legend>
          <label className="text-sm text-slate-700">
            Source
            <select
              value={filters.source}
              onChange={(event) => {
                setFilters({ ...filters, source: event.target.value });
                setPage(1);
              }}
              className="ml-2 rounded border border-slate-300 px-2 py-1"
            >
              <option value="">Any</option>
              {result.sourceNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm text-slate-700">
            City
            <input
              type="text"
              value={filters.city}
              onChange={(event) => {
                setFilters({ ...filters, city: event.target.value });
                setPage(1);
              }}
              className="ml-2 w-40 rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="text-sm text-slate-700">
            Review
            <select
              value={filters.review}
              onChange={(event) => {
                setFilters({ ...filters, review: event.target.value as SearchState["review"] });
                setPage(1);
              }}
              className="ml-2 rounded border border-slate-300 px-2 py-1"
            >
              <option value="">Any</option>
              <option value="open">Has an open review task</option>
              <option value="none">No open review task</option>
            </select>
          </label>
        </fieldset>
      </form>

      <p id="search-status" role="status" className="text-sm text-slate-600">
        {fresh ? (
          <>
            {result.total.toLocaleString("en-US")}
            {result.totalIsLowerBound ? "+" : ""} profile
            {result.total === 1 && !result.totalIsLowerBound ? "" : "s"}
            {query ? ` for “${query}”` : ""}
          </>
        ) : (
          "Searching…"
        )}
        {result.masked
          ? " · personal data masked for your role: an email or phone finds a profile only when typed whole"
          : ""}
      </p>
      {search.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {search.error.message}
        </p>
      )}

      <DataTable
        id="profile-results"
        caption="Matching profiles, best match first"
        columns={columns}
        rows={hits}
        rowKey={(hit) => hit.id}
        activeIndex={active}
        onActiveIndexChange={setActive}
        onRowActivate={open}
        empty={query ? "No profile matches. Try fewer letters, or another spelling." : "No profiles yet."}
      />

      <nav aria-label="Result pages" className="flex items-center gap-3 text-sm">
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
          className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40"
        >
          Previous
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => setPage(page + 1)}
          className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40"
        >
          Next
        </button>
      </nav>
    </div>
  );
}
