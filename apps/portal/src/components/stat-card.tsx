import Link from "next/link";

const formatter = new Intl.NumberFormat("en-US");

/** One number with its label; a link when the viewer may open the records behind it. */
export function StatCard({
  label,
  value,
  href,
  hint,
}: {
  label: string;
  value: number | string | null;
  href?: string;
  hint?: string;
}) {
  const shown = value === null ? "—" : typeof value === "number" ? formatter.format(value) : value;
  const body = (
    <>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{shown}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-500">{hint}</dd>}
    </>
  );
  const classes = "block rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
  return href ? (
    <Link href={href} className={`${classes} hover:border-brand-600`} data-stat={label}>
      <dl>{body}</dl>
    </Link>
  ) : (
    <div className={classes} data-stat={label}>
      <dl>{body}</dl>
    </div>
  );
}
