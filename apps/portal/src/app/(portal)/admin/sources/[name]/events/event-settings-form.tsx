"use client";
// The event settings of one source, saved as a whole: each list replaces the stored one.
import type { RouterOutputs } from "@c360/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

type Overview = RouterOutputs["events"]["source"];
const CHANNELS = ["purchase", "ticket", "email", "web", "call", "sms", "chat", "store", "other"] as const;
type Channel = (typeof CHANNELS)[number];
type Pair = { key: string; value: string };

function pairsOf(record: Record<string, string>): Pair[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

function recordOf(pairs: Pair[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of pairs) if (key.trim() && value.trim()) out[key.trim()] = value.trim();
  return out;
}

function PairRows({
  label,
  keyLabel,
  valueLabel,
  pairs,
  onChange,
  valueOptions,
}: {
  label: string;
  keyLabel: string;
  valueLabel: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  valueOptions?: readonly { value: string; label: string }[];
}) {
  const set = (index: number, change: Partial<Pair>) =>
    onChange(pairs.map((p, i) => (i === index ? { ...p, ...change } : p)));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 font-medium">{label}</legend>
      {pairs.map((pair, index) => (
        <div key={index} className="flex flex-wrap items-center gap-2">
          <input
            aria-label={`${keyLabel} ${index + 1}`}
            value={pair.key}
            onChange={(e) => set(index, { key: e.target.value })}
            placeholder={keyLabel}
            maxLength={200}
            className="rounded border border-slate-300 px-2 py-1"
          />
          <span aria-hidden>→</span>
          {valueOptions ? (
            <select
              aria-label={`${valueLabel} ${index + 1}`}
              value={pair.value}
              onChange={(e) => set(index, { value: e.target.value })}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="">choose</option>
              {valueOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              aria-label={`${valueLabel} ${index + 1}`}
              value={pair.value}
              onChange={(e) => set(index, { value: e.target.value })}
              placeholder={valueLabel}
              maxLength={200}
              className="rounded border border-slate-300 px-2 py-1"
            />
          )}
          <button
            type="button"
            onClick={() => onChange(pairs.filter((_, i) => i !== index))}
            className="text-xs text-slate-600 underline"
            aria-label={`Remove ${keyLabel} ${index + 1}`}
          >
            remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          onClick={() => onChange([...pairs, { key: "", value: "" }])}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs"
        >
          Add
        </button>
      </div>
    </fieldset>
  );
}

export function EventSettingsForm({ overview }: { overview: Overview }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { settings, source } = overview;
  const [channels, setChannels] = useState<Record<string, Channel | "">>(() => {
    const initial: Record<string, Channel | ""> = {};
    for (const name of overview.recent.names) initial[name.name] = "";
    for (const [name, channel] of Object.entries(settings.channels)) initial[name] = channel as Channel;
    return initial;
  });
  const [newName, setNewName] = useState("");
  const [consent, setConsent] = useState<Pair[]>(pairsOf(settings.consentPurposes));
  const [columns, setColumns] = useState<Pair[]>(pairsOf(settings.columnMap));
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const save = useMutation(
    trpc.events.setSettings.mutationOptions({
      onSuccess: () => {
        setMessage({ kind: "ok", text: "Saved. New events are read with these settings." });
        router.refresh();
      },
      onError: (error) => setMessage({ kind: "error", text: error.message }),
    }),
  );
  const seen = new Map(overview.recent.names.map((n) => [n.name, n]));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const userIdSource = String(form.get("userIdSource") ?? "");
    const currency = String(form.get("defaultCurrency") ?? "")
      .trim()
      .toUpperCase();
    setMessage(null);
    save.mutate({
      sourceName: source.name,
      userIdSource: userIdSource === "" ? null : userIdSource,
      defaultCurrency: currency === "" ? null : currency,
      channels: Object.fromEntries(
        Object.entries(channels).filter(([, channel]) => channel !== ""),
      ) as Record<string, Channel>,
      consentPurposes: recordOf(consent),
      columnMap: recordOf(columns),
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Event settings"
      className="mb-6 grid gap-5 rounded-xl border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 className="text-lg font-medium">Event settings</h2>
      <div className="flex flex-wrap gap-6">
        <label>
          <span className="block font-medium">userId is the customer id of</span>
          <select
            name="userIdSource"
            defaultValue={settings.userIdSourceId === source.id ? "" : settings.userIdSourceName}
            className="mt-1 rounded border border-slate-300 px-2 py-1"
          >
            <option value="">{source.name} (this source)</option>
            {overview.otherSources.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="block font-medium">Default currency</span>
          <input
            name="defaultCurrency"
            defaultValue={settings.defaultCurrency ?? ""}
            placeholder="EUR"
            maxLength={3}
            className="mt-1 w-24 rounded border border-slate-300 px-2 py-1 uppercase"
          />
        </label>
      </div>

      <fieldset>
        <legend className="mb-1 font-medium">Channel per event name</legend>
        <p className="mb-2 text-slate-600">
          Unset names take the default channel (page and screen: web; names with order, purchase, ticket,
          email… by their word; else by the source&apos;s kind).
        </p>
        <table className="text-left" aria-label="Channel per event name">
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="pr-4 font-medium">
                Event
              </th>
              <th scope="col" className="pr-4 font-medium">
                Recently
              </th>
              <th scope="col" className="font-medium">
                Channel
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(channels).map((name) => (
              <tr key={name}>
                <td className="pr-4">{name}</td>
                <td className="pr-4 text-slate-600">
                  {seen.has(name)
                    ? `${seen.get(name)!.count} × ${seen.get(name)!.messageType}, on ${seen.get(name)!.channel}`
                    : "not seen"}
                </td>
                <td>
                  <select
                    aria-label={`Channel of ${name}`}
                    value={channels[name]}
                    onChange={(e) => setChannels({ ...channels, [name]: e.target.value as Channel | "" })}
                    className="rounded border border-slate-300 px-2 py-0.5"
                  >
                    <option value="">default</option>
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-2 flex gap-2">
          <input
            aria-label="Another event name"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            placeholder="Event name, e.g. Order Completed"
            maxLength={200}
            className="rounded border border-slate-300 px-2 py-1"
          />
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-0.5 text-xs"
            onClick={() => {
              const name = newName.trim();
              if (name && !(name in channels)) setChannels({ ...channels, [name]: "" });
              setNewName("");
            }}
          >
            Add event name
          </button>
        </div>
      </fieldset>

      <PairRows
        label="Consent categories → purposes (context.consent.categoryPreferences; gpc for the Global Privacy Control signal)"
        keyLabel="Category"
        valueLabel="Purpose"
        pairs={consent}
        onChange={setConsent}
        valueOptions={overview.purposes.map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }))}
      />
      <PairRows
        label="CSV column map (column → messageId, userId, anonymousId, type, event, timestamp, properties.NAME, traits.NAME…)"
        keyLabel="Column"
        valueLabel="Field"
        pairs={columns}
        onChange={setColumns}
      />

      <div>
        <button
          type="submit"
          disabled={save.isPending}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-white disabled:opacity-50"
        >
          Save settings
        </button>
      </div>
      <FeedbackLine feedback={message} />
    </form>
  );
}
