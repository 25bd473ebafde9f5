// What a signed-in user sees on a page their role may not open: a clear refusal, never the data.
import { roleLabels, type Requirement, type Role } from "@c360/auth/permissions";
import Link from "next/link";

export function NotAllowed({ role, requires }: { role: Role | null; requires: Requirement | null }) {
  return (
    <section
      aria-labelledby="not-allowed-title"
      className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-8"
    >
      <h1 id="not-allowed-title" className="text-xl font-semibold text-red-800">
        Not allowed
      </h1>
      <p className="mt-2 text-slate-700">
        {requires ? (
          <>
            This page needs the <code className="rounded bg-slate-100 px-1">{requires}</code> permission, and
            your role ({role ? roleLabels[role] : "none"}) does not have it.
          </>
        ) : (
          <>Your role ({role ? roleLabels[role] : "none"}) may not open this page.</>
        )}{" "}
        Ask an administrator if you need access.
      </p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        Back to the overview
      </Link>
    </section>
  );
}
