import type { Metadata } from "next";
import { PageHeader } from "~/components/page-header";
import { TriggerForm } from "~/components/triggers/trigger-form";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "New trigger" };

export default async function NewTriggerPage() {
  await checkPageAccess("/triggers/new");
  const purposes = await (await getServerApi()).consent.purposes();
  return (
    <>
      <PageHeader
        title="New trigger"
        description="When the condition holds for a person (an event arrives, an absence lapses, consent is given or withdrawn, a steward merges profiles, a golden value changes) who consents to the action's purpose, c360 posts a signed webhook or publishes to NATS. Try the dry run before saving."
      />
      <TriggerForm purposes={purposes.map((p) => ({ key: p.key, name: p.name }))} />
    </>
  );
}
