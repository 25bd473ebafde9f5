// The state of a form's status line (FeedbackLine): what happened, or the server's message naming what was wrong.
import { useState } from "react";

export type Feedback = { kind: "ok" | "error"; text: string } | null;

export function useFeedback() {
  const [feedback, setFeedback] = useState<Feedback>(null);
  return {
    feedback,
    ok: (text: string) => setFeedback({ kind: "ok", text }),
    fail: (error: { message: string }) => setFeedback({ kind: "error", text: error.message }),
    clear: () => setFeedback(null),
  };
}
