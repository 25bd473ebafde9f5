import type { Metadata } from "next";
import { PageHeader } from "~/components/page-header";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";
import { ProfileSearch, type SearchState } from "./profile-search";

export const metadata: Metadata = { title: "Profiles" };

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The search state lives in the address, so a search can be shared and survives a reload. */
function readSearchState(params: Record<string, string | string[] | undefined>): SearchState {
  const review = first(params.review);
  const page = Number.parseInt(first(params.page), 10);
  return {
    query: first(params.q).slice(0, 200),
    source: first(params.source).slice(0, 100),
    city: first(params.city).slice(0, 100),
    review: review === "open" || review === "none" ? review : "",
    page: Number.isFinite(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export default async function ProfilesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await checkPageAccess("/profiles");
  const state = readSearchState(await searchParams);
  const api = await getServerApi();
  const initial = await api.profiles.search({
    query: state.query,
    source: state.source || undefined,
    city: state.city || undefined,
    hasOpenReview: state.review === "" ? undefined : state.review === "open",
    page: state.page,
  });
  return (
    <>
      <PageHeader
        title="Profiles"
        description="Find a customer by name, email, phone or id — typos are forgiven. Press / to search, arrow keys to move, Enter to open."
      />
      <ProfileSearch initialState={state} initialResult={initial} />
    </>
  );
}
