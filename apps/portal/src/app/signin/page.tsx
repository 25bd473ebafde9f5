import { safeCallbackPath } from "@c360/auth/callback-url";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getAuthOptions } from "~/server/auth";
import { getCurrentActor } from "~/server/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errorMessages: Record<string, string> = {
  AccessDenied: "Your single-sign-on account is not allowed into c360. Ask an administrator.",
  OidcNoEmail:
    "Your identity provider did not share an email address, which c360 needs to find your account.",
  OAuthSignin: "Single sign-on could not start. Try again, or use your email and password.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; reason?: string }>;
}) {
  const params = await searchParams;
  // Only paths of the portal: anything else here would be an open redirect (to the form and after sign-in).
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  const oidc = getAuthOptions().providers.find((p) => p.id === "oidc");
  const notice =
    params.reason === "expired"
      ? "Your session has expired. Sign in again to continue."
      : params.error
        ? (errorMessages[params.error] ?? "Sign-in failed. Try again.")
        : null;

  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Sign in to c360</h1>
        <p className="mt-1 text-sm text-slate-600">Customer 360 and data governance</p>
        {notice && (
          <p role="alert" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {notice}
          </p>
        )}
        <SignInForm callbackUrl={callbackUrl} oidc={oidc ? { id: oidc.id, name: oidc.name } : null} />
      </div>
    </main>
  );
}
