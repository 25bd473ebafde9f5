"use client";
// The current consent of one person, purpose by channel, with Give and Withdraw side by side: withdrawing is one
// click, exactly like giving (GDPR Art. 7(3)). The server records each as a ledger event and audits it.
import type { RouterOutputs } from "@c360/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "./feedback-line";
import { useFeedback } from "./use-feedback";

type Grid = RouterOutputs["consent"]["profile"]["grid"];

const statusStyle: Record<string, string> = {
  given: "bg-emerald-100 text-emerald-900",
  refused: "bg-red-100 text-red-900",
  withdrawn: "bg-red-100 text-red-900",
  expired: "bg-slate-200 text-slate-700",
};
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export function ConsentGrid({
  profileId,
  grid,
  editable,
}: {
  profileId: string;
  grid: Grid;
  editable: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { feedback, ok, fail } = useFeedback();
  const record = useMutation(
    trpc.consent.record.mutationOptions({
      onSuccess: (r) => (
        ok(`Recorded: ${r.purposeKey}${r.channel ? ` (${r.channel})` : ""} ${r.status}.`),
        router.refresh()
      ),
      onError: fail,
    }),
  );
  return (
    <section aria-labelledby="current-heading" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="current-heading" className="mb-2 text-lg font-medium">
        Current consent
      </h2>
      <FeedbackLine feedback={feedback} />
      <table className="mt-2 w-full text-left text-sm" aria-label="Current consent by purpose and channel">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 font-medium">
              Purpose
            </th>
            <th scope="col" className="py-1 font-medium">
              Channel
            </th>
            <th scope="col" className="py-1 font-medium">
              Status
            </th>
            <th scope="col" className="py-1 font-medium">
              Since
            </th>
            {editable && (
              <th scope="col" className="py-1 font-medium">
                Record what the person said
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {grid.flatMap((purpose) =>
            purpose.cells.map((cell) => {
              const label = `${purpose.purposeKey}${cell.channel ? ` ${cell.channel}` : ""}`;
              const latestNotice = purpose.notices.at(-1);
              const act = (status: "given" | "withdrawn") =>
                record.mutate({
                  profileId,
                  purposeKey: purpose.purposeKey,
                  channel: cell.channel as "",
                  status,
                  notice:
                    status === "given" && latestNotice
                      ? { key: latestNotice.noticeKey, version: latestNotice.version }
                      : undefined,
                });
              return (
                <tr
                  key={`${purpose.purposeKey}:${cell.channel}`}
                  className="border-t border-slate-100"
                  data-testid={`consent-${purpose.purposeKey}-${cell.channel || "any"}`}
                >
                  <td className="py-1.5">
                    {purpose.purposeName}{" "}
                    <span className="font-mono text-xs text-slate-500">{purpose.purposeKey}</span>
                  </td>
                  <td className="py-1.5">{cell.channel || "any"}</td>
                  <td className="py-1.5">
                    {cell.status ? (
                      <span
                        data-testid="consent-status"
                        className={`rounded px-1.5 py-0.5 text-xs ${statusStyle[cell.status] ?? ""}`}
                      >
                        {cell.status}
                      </span>
                    ) : (
                      <span data-testid="consent-status" className="text-xs text-slate-500">
                        not recorded
                      </span>
                    )}
                    {cell.expiresAt && (
                      <span className="ml-1 text-xs text-slate-500">
                        until {dateFormat.format(cell.expiresAt)}
                      </span>
                    )}
                    {cell.overriddenBy && (
                      <span data-testid="consent-overridden" className="ml-1 block text-xs text-red-800">
                        not used: the any-channel decision is {cell.overriddenBy.status}
                      </span>
                    )}
                  </td>
                  <td className="py-1.5 tabular-nums">{cell.since ? dateFormat.format(cell.since) : "—"}</td>
                  {editable && (
                    <td className="flex gap-2 py-1.5">
                      <button
                        type="button"
                        disabled={record.isPending || cell.status === "given"}
                        onClick={() => act("given")}
                        aria-label={`Give ${label}`}
                        className="rounded-md border border-emerald-700 px-2 py-0.5 text-emerald-800 disabled:opacity-40"
                      >
                        Give
                      </button>
                      <button
                        type="button"
                        disabled={record.isPending || cell.status === "withdrawn"}
                        onClick={() => act("withdrawn")}
                        aria-label={`Withdraw ${label}`}
                        className="rounded-md border border-red-700 px-2 py-0.5 text-red-800 disabled:opacity-40"
                      >
                        Withdraw
                      </button>
                    </td>
                  )}
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      {grid.length === 0 && (
        <p className="mt-2 text-sm text-slate-600">
          No purposes are set up yet: add them on the consent page.
        </p>
      )}
    </section>
  );
}
