import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { AuditTable } from "./audit-table";
import { UsersPanel } from "./users-panel";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const access = await checkPageAccess("/admin");
  const api = await getServerApi();
  const [users, audit] = await Promise.all([
    api.admin.listUsers(),
    api.admin.listAuditEntries({ limit: 25 }),
  ]);
  return (
    <>
      <PageHeader
        title="Administration"
        description="Accounts and roles, and the latest entries of the audit log."
      >
        <Link href="/admin/sources" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Sources and imports
        </Link>
      </PageHeader>
      <UsersPanel initialUsers={users} currentUserId={access.actor.userId} />
      <AuditTable entries={audit} />
    </>
  );
}
