import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { checkPrivacyAccess } from "../requests/privacy-access";
import { AuditLogBrowser } from "./audit-log-browser";

export const metadata: Metadata = { title: "Audit log" };

const text = (value: string | string[] | undefined) =>
  typeof value === "string" && value.trim() ? value.trim().slice(0, 200) : undefined;

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPrivacyAccess("/consent/audit");
  const params = await searchParams;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what to which record, including who looked at personal data. Erased subjects leave a tombstone without personal data."
      >
        <Link href="/consent/requests" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Privacy requests
        </Link>
      </PageHeader>
      <AuditLogBrowser
        initial={{
          actor: text(params.actor),
          action: text(params.action),
          entityType: text(params.entityType),
          entityId: text(params.entityId),
          text: text(params.text),
        }}
      />
    </>
  );
}
