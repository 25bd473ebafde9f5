// The workflow status of a glossary term, as a coloured label.
const styles: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  in_review: "bg-amber-100 text-amber-900",
  approved: "bg-green-100 text-green-800",
  deprecated: "bg-red-100 text-red-800",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="term-status"
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${styles[status] ?? styles.draft}`}
    >
      {status.replace("_", " ")}
    </span>
  );
}
