// The signed-in portal: header, role-aware navigation, main landmark. Each page checks its own access too.
import { roleLabels, sectionsFor } from "@c360/auth/permissions";
import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "~/components/main-nav";
import { SignOutButton } from "~/components/sign-out-button";
import { getCurrentActor } from "~/server/session";
import { TRPCReactProvider } from "~/trpc/react";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  // Without a session the page itself redirects to sign-in, keeping the address it was asked for.
  if (!actor?.role) return <>{children}</>;
  const sections = sectionsFor(actor.role).map(({ href, label }) => ({ href, label }));
  return (
    <TRPCReactProvider>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="text-lg font-bold text-brand-900">
            c360
          </Link>
          <MainNav sections={sections} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link href="/account" className="text-slate-700 hover:underline" data-testid="current-user">
              {actor.name ?? actor.label} · <span className="text-slate-500">{roleLabels[actor.role]}</span>
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </TRPCReactProvider>
  );
}
