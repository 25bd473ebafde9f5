"use client";
// Personal access tokens for agents (MCP): create one (shown once), see each one's last use, revoke. A token acts
// as you, with your role: it never sees more than you do, and the read scope cannot even propose.
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";

type Token = RouterOutputs["tokens"]["list"][number];

const when = (date: Date | string | null) =>
  date ? new Date(date).toISOString().slice(0, 16).replace("T", " ") : "never";

export function AccessTokensPanel({ initialTokens }: { initialTokens: Token[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery({ ...trpc.tokens.list.queryOptions(), initialData: initialTokens });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: ({ token, accessToken }) => {
        setError(null);
        setCreated({ name: accessToken.name, token });
        void refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => void refresh(),
      onError: (e) => setError(e.message),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? ""),
      scope: form.get("scope") === "propose" ? "propose" : "read",
      days: Number(form.get("days") ?? 30),
    });
  }

  return (
    <section aria-labelledby="tokens-heading" className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Access tokens for agents
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          An AI agent or script uses a token to reach c360 over MCP (<code>/api/mcp</code>, or{" "}
          <code>C360_TOKEN=… c360 mcp</code>) as you: with your role, your masking, and every call in the
          audit log. Read tokens only read; propose tokens may also propose merges, splits and glossary terms,
          which a steward or governance lead decides.
        </p>
        <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col">
            Name
            <input
              name="name"
              required
              maxLength={100}
              placeholder="laptop assistant"
              className="rounded-md border border-slate-300 px-2 py-1"
            />
          </label>
          <label className="flex flex-col">
            Scope
            <select name="scope" defaultValue="read" className="rounded-md border border-slate-300 px-2 py-1">
              <option value="read">read</option>
              <option value="propose">read + propose</option>
            </select>
          </label>
          <label className="flex flex-col">
            Expires after (days)
            <input
              name="days"
              type="number"
              min={1}
              max={365}
              defaultValue={30}
              className="w-24 rounded-md border border-slate-300 px-2 py-1"
            />
          </label>
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white disabled:opacity-50"
          >
            Create token
          </button>
        </form>
        {error && (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        {created && (
          <div
            role="status"
            className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            <p>
              New token <strong>{created.name}</strong>. Copy it now: it is shown only this once (c360 keeps
              only its hash).
            </p>
            <code
              data-testid="new-access-token"
              className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono"
            >
              {created.token}
            </code>
            <button
              type="button"
              className="mt-2 rounded-md border border-amber-400 px-2 py-1"
              onClick={() => setCreated(null)}
            >
              I have copied it
            </button>
          </div>
        )}
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm" aria-label="Your access tokens">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              {["Name", "Scope", "State", "Created", "Expires", "Last used", ""].map((heading, i) => (
                <th key={i} scope="col" className="px-4 py-2 font-medium">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tokens.data.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No tokens yet.
                </td>
              </tr>
            )}
            {tokens.data.map((token) => (
              <tr key={token.id} className="border-t border-slate-100" data-testid={`token-${token.name}`}>
                <td className="px-4 py-2 font-medium">{token.name}</td>
                <td className="px-4 py-2">{token.scope === "propose" ? "read + propose" : "read"}</td>
                <td className="px-4 py-2">{token.state}</td>
                <td className="px-4 py-2">{when(token.createdAt)}</td>
                <td className="px-4 py-2">{when(token.expiresAt)}</td>
                <td className="px-4 py-2" data-testid={`last-used-${token.name}`}>
                  {when(token.lastUsedAt)}
                </td>
                <td className="px-4 py-2">
                  {token.state === "active" && (
                    <button
                      type="button"
                      className="rounded-md border border-red-300 px-2 py-1 text-red-700"
                      aria-label={`Revoke ${token.name}`}
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ tokenId: token.id })}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
