"use client";
// Purposes and their notices: what c360 may use data for, on which channel and legal basis, and the versioned
// text people were shown. Publishing under an existing notice key makes its next version; old ones stay as read.
import type { RouterOutputs } from "@c360/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";
import { useFeedback } from "~/components/use-feedback";

type Purposes = RouterOutputs["consent"]["purposes"];
type Counts = RouterOutputs["consent"]["overview"]["purposes"];

const channels = ["", "email", "sms", "phone", "post", "push", "web", "in_app"];
const legalBases = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interest",
  "public_task",
  "legitimate_interest",
];
const input = "mt-1 rounded-md border border-slate-300 px-2 py-1.5";

export function PurposesPanel({ purposes, counts }: { purposes: Purposes; counts: Counts }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { feedback, ok, fail } = useFeedback();
  const create = useMutation(
    trpc.consent.createPurpose.mutationOptions({
      onSuccess: (p) => (ok(`Purpose ${p.key} created.`), router.refresh()),
      onError: fail,
    }),
  );
  const standard = useMutation(
    trpc.consent.addStandardPurposes.mutationOptions({
      onSuccess: (keys) => (
        ok(keys.length ? `Added ${keys.join(", ")}.` : "All standard purposes exist already."),
        router.refresh()
      ),
      onError: fail,
    }),
  );
  const publish = useMutation(
    trpc.consent.publishNotice.mutationOptions({
      onSuccess: (n) => (ok(`Published ${n.noticeKey} version ${n.version}.`), router.refresh()),
      onError: fail,
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      key: String(form.get("key") ?? ""),
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
      channel: (String(form.get("channel") ?? "") || null) as "email" | null,
      legalBasis: String(form.get("legalBasis")) as "consent",
    });
  }
  function onPublish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    publish.mutate({
      noticeKey: String(form.get("noticeKey") ?? ""),
      purposeKey: String(form.get("purposeKey") ?? ""),
      title: String(form.get("title") ?? ""),
      body: String(form.get("body") ?? ""),
    });
  }

  return (
    <section
      aria-labelledby="purposes-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="purposes-heading" className="text-lg font-medium">
          Purposes and notices
        </h2>
        <button
          type="button"
          onClick={() => standard.mutate()}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        >
          Add the standard purposes
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
      <table className="w-full text-left text-sm" aria-label="Consent purposes">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 font-medium">
              Purpose
            </th>
            <th scope="col" className="py-1 font-medium">
              Channel
            </th>
            <th scope="col" className="py-1 font-medium">
              Legal basis
            </th>
            <th scope="col" className="py-1 font-medium">
              Profiles (current)
            </th>
            <th scope="col" className="py-1 font-medium">
              Notices
            </th>
          </tr>
        </thead>
        <tbody>
          {purposes.map((purpose) => {
            const c = counts.find((x) => x.key === purpose.key)?.counts ?? {};
            return (
              <tr key={purpose.id} className="border-t border-slate-100 align-top">
                <td className="py-2">
                  {purpose.name} <span className="font-mono text-xs text-slate-500">{purpose.key}</span>
                  {purpose.gpc && (
                    <span
                      className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900"
                      title="A Global Privacy Control signal opts out of it"
                    >
                      GPC
                    </span>
                  )}
                  {purpose.description && <p className="text-xs text-slate-500">{purpose.description}</p>}
                </td>
                <td className="py-2">{purpose.channel ?? "any"}</td>
                <td className="py-2">{purpose.legalBasis.replace(/_/g, " ")}</td>
                <td className="py-2 tabular-nums text-xs">
                  {Object.keys(c).length === 0
                    ? "—"
                    : Object.entries(c)
                        .map(([status, n]) => `${n} ${status}`)
                        .join(", ")}
                </td>
                <td className="py-2">
                  {purpose.notices.length === 0
                    ? "—"
                    : purpose.notices.map((n) => (
                        <details key={n.id} className="text-xs">
                          <summary className="cursor-pointer">
                            {n.noticeKey} v{n.version}
                          </summary>
                          <p className="font-medium">{n.title}</p>
                          <p className="whitespace-pre-wrap text-slate-600">{n.body}</p>
                        </details>
                      ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="grid gap-4 md:grid-cols-2">
        <form
          onSubmit={onCreate}
          className="space-y-2 rounded-lg bg-slate-50 p-3 text-sm"
          aria-label="New purpose"
        >
          <h3 className="font-medium">New purpose</h3>
          <label className="flex flex-col">
            Key
            <input name="key" required placeholder="marketing.push" className={input} />
          </label>
          <label className="flex flex-col">
            Purpose name
            <input name="name" required className={input} />
          </label>
          <label className="flex flex-col">
            Description
            <input name="description" className={input} />
          </label>
          <div className="flex gap-2">
            <label className="flex flex-col">
              Channel
              <select name="channel" className={input}>
                {channels.map((c) => (
                  <option key={c} value={c}>
                    {c || "any"}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col">
              Legal basis
              <select name="legalBasis" className={input}>
                {legalBases.map((b) => (
                  <option key={b} value={b}>
                    {b.replace(/_/g, " ")}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <button className="rounded-md bg-slate-800 px-3 py-1.5 text-white">Create purpose</button>
        </form>
        <form
          onSubmit={onPublish}
          className="space-y-2 rounded-lg bg-slate-50 p-3 text-sm"
          aria-label="Publish a notice"
        >
          <h3 className="font-medium">Publish a notice (an existing key gets its next version)</h3>
          <label className="flex flex-col">
            Notice key
            <input name="noticeKey" required placeholder="newsletter-signup" className={input} />
          </label>
          <label className="flex flex-col">
            For purpose
            <select name="purposeKey" className={input}>
              {purposes.map((p) => (
                <option key={p.id} value={p.key}>
                  {p.key}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            Title
            <input name="title" required className={input} />
          </label>
          <label className="flex flex-col">
            Text shown to the person
            <textarea name="body" required rows={3} className={input} />
          </label>
          <button className="rounded-md bg-slate-800 px-3 py-1.5 text-white">Publish notice</button>
        </form>
      </div>
    </section>
  );
}
