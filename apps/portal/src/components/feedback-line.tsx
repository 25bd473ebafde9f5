// The one status line of the portal's forms: what happened (a status), or the server's message naming what was
// wrong (an alert), announced politely by screen readers. State comes from useFeedback or any { kind, text }.
import type { Feedback } from "./use-feedback";

export function FeedbackLine({
  feedback,
  className = "",
  tone = "boxed",
}: {
  feedback: Feedback;
  /** Spacing around the line (e.g. "mb-3"). */
  className?: string;
  /** "boxed": a tinted box; "plain": coloured text only, beside a button. */
  tone?: "boxed" | "plain";
}) {
  const colours =
    tone === "plain"
      ? feedback?.kind === "error"
        ? "text-red-800"
        : "text-green-800"
      : `rounded-md px-3 py-2 text-sm ${feedback?.kind === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`;
  return (
    <div aria-live="polite">
      {feedback && (
        <p role={feedback.kind === "error" ? "alert" : "status"} className={`${colours} ${className}`.trim()}>
          {feedback.text}
        </p>
      )}
    </div>
  );
}
