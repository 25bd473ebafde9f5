"use client";
// Sources: list, create with a field mapping, edit mapping and trust, declare which unmapped columns are not
// personal (the rest stay masked for roles without profile:pii), rotate the API token (shown once).
import type { RouterOutputs } from "@c360/api";
import { formatPairs, parsePairs, parseTrust } from "@c360/core/sources/mapping-text";
import { MAPPABLE_FIELDS, sourceKinds, type SourceKind } from "@c360/core/sources/source-schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";

type SourceRow = RouterOutputs["sources"]["list"][number];
type Message = { kind: "error" | "ok"; text: string } | null;

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1";

export function SourcesPanel({ initialSources }: { initialSources: SourceRow[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sources = useQuery({ ...trpc.sources.list.queryOptions(), initialData: initialSources });
  const [message, setMessage] = useState<Message>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sources.list.queryKey() });
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });

  const create = useMutation(
    trpc.sources.create.mutationOptions({
      onSuccess: (source) => {
        setMessage({ kind: "ok", text: `Created source ${source.name}.` });
        void refresh();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.sources.update.mutationOptions({
      onSuccess: (source) => {
        setMessage({ kind: "ok", text: `Saved ${source.name}.` });
        setEditing(null);
        void refresh();
      },
      onError,
    }),
  );
  const classify = useMutation(
    trpc.sources.setNonPersonalColumns.mutationOptions({
      onSuccess: (source) => {
        setMessage({ kind: "ok", text: `Saved which columns of ${source.name} are not personal.` });
        void refresh();
      },
      onError,
    }),
  );
  const rotate = useMutation(
    trpc.sources.rotateToken.mutationOptions({
      onSuccess: ({ source, token }) => {
        setToken({ name: source.name, token });
        setMessage(null);
        void refresh();
      },
      onError,
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { pairs, error } = parsePairs(String(form.get("mapping") ?? ""));
    if (error) return setMessage({ kind: "error", text: `Mapping: ${error}` });
    create.mutate({
      name: String(form.get("name")),
      kind: String(form.get("kind")) as SourceKind,
      description: String(form.get("description") ?? "") || null,
      fieldMapping: pairs,
    });
  }

  function onSave(event: FormEvent<HTMLFormElement>, name: string) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const mapping = parsePairs(String(form.get("mapping") ?? ""));
    if (mapping.error) return setMessage({ kind: "error", text: `Mapping: ${mapping.error}` });
    const trust = parseTrust(String(form.get("trust") ?? ""));
    if (trust.error) return setMessage({ kind: "error", text: `Trust: ${trust.error}` });
    update.mutate({
      name,
      kind: String(form.get("kind")) as SourceKind,
      fieldMapping: mapping.pairs,
      attributeTrust: trust.trust,
    });
  }

  function onClassify(event: FormEvent<HTMLFormElement>, name: string) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const columns = String(form.get("columns") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    classify.mutate({ name, columns });
  }

  return (
    <section aria-labelledby="sources-heading">
      <h2 id="sources-heading" className="sr-only">
        Sources
      </h2>
      <div aria-live="polite">
        {message && (
          <p
            role={message.kind === "error" ? "alert" : "status"}
            className={`mb-3 rounded-md px-3 py-2 text-sm ${message.kind === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
          >
            {message.text}
          </p>
        )}
        {token && (
          <div
            role="status"
            className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            <p>
              New API token of <strong>{token.name}</strong>. Copy it now: it is shown only this once and the
              previous token no longer works.
            </p>
            <code
              data-testid="new-token"
              className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono"
            >
              {token.token}
            </code>
            <button
              type="button"
              className="mt-2 rounded-md border border-amber-400 px-2 py-1"
              onClick={() => setToken(null)}
            >
              I have copied it
            </button>
          </div>
        )}
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Kind
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Mapping
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Trust
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Not personal
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                API token
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.data.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No sources yet: add one below, or run <code>c360 import --source NAME --file FILE</code>.
                </td>
              </tr>
            )}
            {sources.data.map((source) => (
              <tr key={source.id} className="border-t border-slate-100 align-top">
                <td className="px-4 py-2 font-medium">{source.name}</td>
                <td className="px-4 py-2">{source.kind}</td>
                <td className="px-4 py-2 font-mono text-xs whitespace-pre">
                  {formatPairs(source.fieldMapping) || "canonical names"}
                </td>
                <td className="px-4 py-2 font-mono text-xs whitespace-pre">
                  {formatPairs(source.attributeTrust) || "default"}
                </td>
                <td
                  className="px-4 py-2 font-mono text-xs whitespace-pre"
                  data-testid={`non-personal-${source.name}`}
                >
                  {source.nonPersonalColumns.join("\n") || "none: unmapped columns are masked"}
                </td>
                <td className="px-4 py-2">{source.hasToken ? "set" : "none"}</td>
                <td className="px-4 py-2">
                  <div className="flex flex-wrap gap-2">
                    <button
                      type="button"
                      className="rounded-md border border-slate-300 px-2 py-1"
                      aria-label={`Edit ${source.name}`}
                      onClick={() => setEditing(editing === source.name ? null : source.name)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50"
                      disabled={rotate.isPending}
                      aria-label={`${source.hasToken ? "Rotate" : "Create"} the API token of ${source.name}`}
                      onClick={() => rotate.mutate({ name: source.name })}
                    >
                      {source.hasToken ? "Rotate token" : "Create token"}
                    </button>
                    <Link
                      href={`/admin/sources/${encodeURIComponent(source.name)}/import`}
                      className="rounded-md border border-slate-300 px-2 py-1"
                      aria-label={`Import a file into ${source.name}`}
                    >
                      Import
                    </Link>
                    <Link
                      href={`/admin/sources/${encodeURIComponent(source.name)}/events`}
                      className="rounded-md border border-slate-300 px-2 py-1"
                      aria-label={`Events of ${source.name}`}
                    >
                      Events
                    </Link>
                  </div>
                  {editing === source.name && (
                    <form
                      onSubmit={(event) => onSave(event, source.name)}
                      className="mt-3 grid gap-2"
                      aria-label={`Edit ${source.name}`}
                    >
                      <label className="text-sm">
                        Kind
                        <select name="kind" defaultValue={source.kind} className={inputClass}>
                          {sourceKinds.map((kind) => (
                            <option key={kind}>{kind}</option>
                          ))}
                        </select>
                      </label>
                      <label className="text-sm">
                        Mapping (column=field, one per line)
                        <textarea
                          name="mapping"
                          rows={4}
                          defaultValue={formatPairs(source.fieldMapping)}
                          className={`${inputClass} font-mono`}
                        />
                      </label>
                      <label className="text-sm">
                        Trust (field=0..1, one per line)
                        <textarea
                          name="trust"
                          rows={3}
                          defaultValue={formatPairs(source.attributeTrust)}
                          className={`${inputClass} font-mono`}
                        />
                      </label>
                      <button
                        type="submit"
                        disabled={update.isPending}
                        className="rounded-md bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
                      >
                        Save
                      </button>
                    </form>
                  )}
                  {editing === source.name && (
                    <form
                      onSubmit={(event) => onClassify(event, source.name)}
                      className="mt-3 grid gap-2"
                      aria-label={`Columns of ${source.name} that are not personal`}
                    >
                      <label className="text-sm">
                        Unmapped columns that are not personal (one per line)
                        <textarea
                          name="columns"
                          rows={3}
                          defaultValue={source.nonPersonalColumns.join("\n")}
                          placeholder={"Kundentyp\nchannel_code"}
                          className={`${inputClass} font-mono`}
                        />
                        <span className="mt-1 block text-xs text-slate-500">
                          Roles without access to personal data see these columns of a record as they came;
                          every other unmapped column is masked for them. Mapped columns are masked by their
                          field.
                        </span>
                      </label>
                      <button
                        type="submit"
                        disabled={classify.isPending}
                        className="rounded-md bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
                      >
                        Save columns
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        onSubmit={onCreate}
        className="mt-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 md:grid-cols-4"
        aria-labelledby="add-source-heading"
      >
        <h3 id="add-source-heading" className="font-medium md:col-span-4">
          Add a source
        </h3>
        <label className="text-sm">
          Name
          <input
            name="name"
            required
            pattern="[a-z0-9][a-z0-9_\-]*"
            placeholder="crm"
            className={inputClass}
          />
        </label>
        <label className="text-sm">
          Kind
          <select name="kind" defaultValue="crm" className={inputClass}>
            {sourceKinds.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <label className="text-sm md:col-span-2">
          Description
          <input name="description" className={inputClass} />
        </label>
        <label className="text-sm md:col-span-4">
          Mapping (column=field, one per line; columns already named like a field need none)
          <textarea
            name="mapping"
            rows={3}
            placeholder={"CustomerId=record_id\nEMail=email"}
            className={`${inputClass} font-mono`}
          />
          <span className="mt-1 block text-xs text-slate-500">Fields: {MAPPABLE_FIELDS.join(", ")}</span>
        </label>
        <div className="md:col-span-4">
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-white disabled:opacity-50"
          >
            Add source
          </button>
        </div>
      </form>
    </section>
  );
}
