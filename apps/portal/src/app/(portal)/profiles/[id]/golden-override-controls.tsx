"use client";
// A steward's inline controls on a golden value: override it (with a required note) or clear an override. Shown
// only to roles with stewardship:write; the server refuses everyone else anyway.
import { OVERRIDABLE_FIELDS } from "@c360/core/profiles/overridable-fields";
import { useMutation } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

type Field = (typeof OVERRIDABLE_FIELDS)[number];

const buttonClass = "rounded-md px-2 py-0.5 text-xs font-medium disabled:opacity-50";
const inputClass = "rounded-md border border-slate-300 px-2 py-1 text-sm";

function isField(attribute: string): attribute is Field {
  return (OVERRIDABLE_FIELDS as readonly string[]).includes(attribute);
}

function OverrideForm({
  attribute,
  initial,
  onDone,
}: {
  attribute: Field;
  initial: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { id: profileId } = useParams<{ id: string }>();
  const [value, setValue] = useState(initial);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const set = useMutation(
    trpc.stewardship.setGoldenOverride.mutationOptions({
      onSuccess: () => {
        onDone();
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const submit = () => {
    if (note.trim() === "") return setError("Say why you override the value: the note is required.");
    set.mutate({ profileId, attribute, value, note });
  };
  return (
    <form
      className="mt-1 flex flex-wrap items-end gap-2"
      data-testid={`override-form-${attribute}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="flex flex-col gap-0.5 text-xs text-slate-600">
        Corrected value
        <input
          className={inputClass}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
          data-testid={`override-value-${attribute}`}
        />
      </label>
      <label className="flex grow flex-col gap-0.5 text-xs text-slate-600">
        Why (required)
        <input
          className={inputClass}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required
          data-testid={`override-note-${attribute}`}
        />
      </label>
      <button
        type="submit"
        className={`${buttonClass} bg-brand-600 text-white hover:bg-brand-700`}
        disabled={set.isPending}
      >
        Save override
      </button>
      <button
        type="button"
        className={`${buttonClass} border border-slate-300 bg-white hover:bg-slate-50`}
        onClick={onDone}
      >
        Cancel
      </button>
      {error && (
        <p role="alert" className="basis-full text-xs text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

/** Override (or clear the override of) one golden value. */
export function GoldenOverrideControls({
  attribute,
  label,
  value,
  overridden,
}: {
  attribute: string;
  label: string;
  value: string | null;
  overridden: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { id: profileId } = useParams<{ id: string }>();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clear = useMutation(
    trpc.stewardship.clearGoldenOverride.mutationOptions({
      onSuccess: () => {
        setError(null);
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  if (!isField(attribute)) return null;
  if (editing)
    return <OverrideForm attribute={attribute} initial={value ?? ""} onDone={() => setEditing(false)} />;
  return (
    <span className="ml-2 inline-flex gap-1">
      <button
        type="button"
        className={`${buttonClass} text-brand-700 hover:underline`}
        onClick={() => setEditing(true)}
        aria-label={`Override ${label}`}
      >
        Override
      </button>
      {overridden && (
        <button
          type="button"
          className={`${buttonClass} text-slate-600 hover:underline`}
          disabled={clear.isPending}
          onClick={() => clear.mutate({ profileId, attribute })}
          aria-label={`Clear the override of ${label}`}
        >
          Clear override
        </button>
      )}
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}

/** A value no source gives yet: the steward picks the field, then overrides it like any other. */
export function AddGoldenOverride({ present }: { present: string[] }) {
  const missing = OVERRIDABLE_FIELDS.filter((field) => !present.includes(field));
  const [field, setField] = useState<Field | "">("");
  if (missing.length === 0) return null;
  return (
    <div className="mt-3 text-sm">
      <label className="flex items-center gap-2 text-xs text-slate-600">
        Set a value no source gives
        <select
          className={inputClass}
          value={field}
          onChange={(e) => setField(e.target.value as Field | "")}
          data-testid="override-add-field"
        >
          <option value="">choose a field…</option>
          {missing.map((f) => (
            <option key={f} value={f}>
              {f.replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </label>
      {field && <OverrideForm key={field} attribute={field} initial="" onDone={() => setField("")} />}
    </div>
  );
}
