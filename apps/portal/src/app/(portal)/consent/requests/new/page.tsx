import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "~/components/page-header";
import { checkPrivacyAccess } from "../privacy-access";
import { NewRequestForm } from "./new-request-form";

export const metadata: Metadata = { title: "New privacy request" };

export default async function NewPrivacyRequestPage() {
  await checkPrivacyAccess("/consent/requests/new");
  return (
    <>
      <PageHeader
        title="New privacy request"
        description="Record the request as it arrived; its one-month deadline runs from the day it was received."
      >
        <Link href="/consent/requests" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          All requests
        </Link>
      </PageHeader>
      <NewRequestForm />
    </>
  );
}
