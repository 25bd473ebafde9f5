import { roleLabels } from "@c360/auth/permissions";
import type { Metadata } from "next";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { AccessTokensPanel } from "./access-tokens-panel";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const { actor } = await checkPageAccess("/account");
  const api = await getServerApi();
  const tokens = await api.tokens.list();
  return (
    <>
      <PageHeader
        title="Your account"
        description={`Signed in as ${actor.label}, ${actor.role ? roleLabels[actor.role] : ""}.`}
      />
      <AccessTokensPanel initialTokens={tokens} />
    </>
  );
}
