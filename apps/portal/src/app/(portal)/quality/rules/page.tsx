import { roleHas } from "@c360/auth/permissions";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { RulesTable } from "./rules-table";

export const metadata: Metadata = { title: "Quality rules" };

export default async function QualityRulesPage() {
  const access = await checkPageAccess("/quality/rules");
  const canWrite = access.actor.role !== null && roleHas(access.actor.role, "quality:write");
  const api = await getServerApi();
  const rules = await api.quality.listRules();
  return (
    <>
      <PageHeader
        title="Quality rules"
        description="Each rule scores one field of one source, or of the golden profiles, on one dimension. Rules for every mapped field are registered automatically at each run; the score below the threshold raises an issue."
      >
        <Link href="/quality" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Back to the dashboard
        </Link>
      </PageHeader>
      <RulesTable initialRules={rules} canWrite={canWrite} />
    </>
  );
}
