"use client";
// Records a request: its kind, who it is about (as they identified themselves) and, when the handler finds them,
// the profile. Without a chosen profile the server looks the subject up exactly (email, phone, source id).
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { kindLabels } from "../labels";

const field = "mt-1 rounded-md border border-slate-300 px-3 py-2";

export function NewRequestForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [lookup, setLookup] = useState("");
  const [profile, setProfile] = useState<{ id: string; label: string } | null>(null);
  // Asked once typing pauses: for a role without personal-data access each whole email or phone is a rate-limited
  // lookup, and every keystroke of a long address would otherwise spend one.
  const [settled, setSettled] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSettled(lookup), 400);
    return () => clearTimeout(timer);
  }, [lookup]);
  const hits = useQuery({
    ...trpc.privacy.lookupSubject.queryOptions({ query: settled }),
    enabled: settled.trim().length >= 2,
  });
  const create = useMutation(
    trpc.privacy.createRequest.mutationOptions({
      onSuccess: (created) => router.push(`/consent/requests/${created.id}`),
      onError: (e) => setError(e.message),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const received = text("receivedAt");
    create.mutate({
      kind: String(form.get("kind") ?? "") as "access",
      subject: {
        email: text("email"),
        phone: text("phone"),
        name: text("name"),
        dob: text("dob"),
        sourceName: text("sourceName"),
        externalId: text("externalId"),
      },
      profileId: profile?.id,
      receivedAt: received ? new Date(`${received}T00:00:00Z`) : undefined,
      note: text("note"),
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <form
        aria-label="New privacy request"
        onSubmit={onSubmit}
        className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 text-sm"
      >
        <div aria-live="polite">
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
              {error}
            </p>
          )}
        </div>
        <label className="flex flex-col text-slate-700">
          Kind of request
          <select name="kind" required defaultValue="" className={field}>
            <option value="" disabled>
              Choose…
            </option>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-1 font-medium text-slate-800">Who it is about (at least one)</legend>
          <label className="flex flex-col text-slate-700">
            Email
            <input name="email" type="text" autoComplete="off" className={field} />
          </label>
          <label className="flex flex-col text-slate-700">
            Phone
            <input name="phone" type="tel" autoComplete="off" className={field} />
          </label>
          <label className="flex flex-col text-slate-700">
            Name
            <input name="name" autoComplete="off" className={field} />
          </label>
          <label className="flex flex-col text-slate-700">
            Date of birth
            <input name="dob" placeholder="yyyy-mm-dd" autoComplete="off" className={field} />
          </label>
          <label className="flex flex-col text-slate-700">
            Source
            <input name="sourceName" placeholder="crm" autoComplete="off" className={field} />
          </label>
          <label className="flex flex-col text-slate-700">
            Source record id
            <input name="externalId" autoComplete="off" className={field} />
          </label>
        </fieldset>
        <label className="flex flex-col text-slate-700">
          Received on (if not today)
          <input name="receivedAt" type="date" className={`${field} w-48`} />
        </label>
        <label className="flex flex-col text-slate-700">
          Note
          <textarea name="note" rows={2} className={field} />
        </label>
        <p className="text-slate-600" data-testid="chosen-profile">
          {profile
            ? `Profile: ${profile.label}`
            : "No profile chosen: the subject is looked up by exact email, phone or source id."}
        </p>
        <button
          disabled={create.isPending}
          className="rounded-md bg-slate-800 px-4 py-2 text-white disabled:opacity-50"
        >
          Record request
        </button>
      </form>
      <section
        aria-labelledby="lookup-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 text-sm"
      >
        <h2 id="lookup-heading" className="font-medium text-slate-800">
          Find the subject&apos;s profile
        </h2>
        <label className="mt-2 flex flex-col text-slate-700">
          Search by name, email, phone or source id
          <input value={lookup} onChange={(e) => setLookup(e.target.value)} className={field} />
        </label>
        {hits.error && (
          <p role="alert" className="mt-2 text-red-800">
            {hits.error.message}
          </p>
        )}
        <ul className="mt-3 space-y-2" aria-label="Matching profiles">
          {hits.data?.hits.map((hit) => (
            <li key={hit.id} className="rounded-md border border-slate-200 p-2">
              <div className="font-medium">{hit.displayName ?? "(no name)"}</div>
              <div className="text-xs text-slate-600">
                {[hit.email, hit.phone, hit.city].filter(Boolean).join(" · ")} — {hit.sources.join(", ")}
              </div>
              <button
                type="button"
                onClick={() =>
                  setProfile({ id: hit.id, label: `${hit.displayName ?? hit.id} (${hit.id.slice(0, 8)})` })
                }
                className="mt-1 rounded border border-slate-300 px-2 py-0.5 text-xs"
              >
                Choose {hit.displayName ?? "this profile"}
              </button>
            </li>
          ))}
          {hits.data && hits.data.hits.length === 0 && (
            <li className="text-slate-500">No profile matches.</li>
          )}
        </ul>
      </section>
    </div>
  );
}
