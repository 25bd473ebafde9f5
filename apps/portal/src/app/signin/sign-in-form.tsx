"use client";
// Email and password sign-in (and the single-sign-on button when configured).
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

export function SignInForm({
  callbackUrl,
  oidc,
}: {
  callbackUrl: string;
  oidc: { id: string; name: string } | null;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      setPending(false);
      setError(
        result?.error === "CredentialsSignin" || !result
          ? "Wrong email or password. Check both and try again."
          : "Sign-in is unavailable right now. Try again in a moment.",
      );
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <>
      <form
        onSubmit={onSubmit}
        className="mt-6 space-y-4"
        aria-describedby={error ? "signin-error" : undefined}
      >
        <div>
          <label htmlFor="email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
          />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-700">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600"
          />
        </div>
        {error && (
          <p id="signin-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidc && (
        <button
          type="button"
          onClick={() => signIn(oidc.id, { callbackUrl })}
          className="mt-3 w-full rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          Continue with {oidc.name}
        </button>
      )}
    </>
  );
}
