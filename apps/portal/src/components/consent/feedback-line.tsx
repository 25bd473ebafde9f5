import type { Feedback } from "./use-feedback";

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  return (
    <div aria-live="polite">
      {feedback && (
        <p
          role={feedback.kind === "error" ? "alert" : "status"}
          className={`rounded-md px-3 py-2 text-sm ${feedback.kind === "error" ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
        >
          {feedback.text}
        </p>
      )}
    </div>
  );
}
