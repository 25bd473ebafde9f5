// The consent area's own tabs: the ledger and purposes, activation, and (part of the same area) requests and audit.
import Link from "next/link";

const tabs = [
  { href: "/consent", label: "Ledger and purposes" },
  { href: "/consent/segments", label: "Segments and exports" },
  { href: "/consent/requests", label: "Privacy requests" },
  { href: "/consent/audit", label: "Audit" },
];

export function ConsentNav({ current }: { current: string }) {
  return (
    <nav aria-label="Consent" className="mb-6 flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 ${tab.href === current ? "bg-brand-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
