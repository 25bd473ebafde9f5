"use client";
// Accounts: change a role, disable or enable an account, add a user. The server checks the admin permission.
import type { RouterOutputs } from "@c360/api";
import { roleLabels, roles, type Role } from "@c360/auth/permissions";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "~/trpc/react";
import { FeedbackLine } from "~/components/feedback-line";

type UserRow = RouterOutputs["admin"]["listUsers"][number];

export function UsersPanel({
  initialUsers,
  currentUserId,
}: {
  initialUsers: UserRow[];
  currentUserId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery({ ...trpc.admin.listUsers.queryOptions(), initialData: initialUsers });
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.queryKey() });
  const onError = (error: { message: string }) => setMessage({ kind: "error", text: error.message });

  const update = useMutation(
    trpc.admin.updateUser.mutationOptions({
      onSuccess: (user) => {
        setMessage({ kind: "ok", text: `Saved ${user.email}.` });
        void refresh();
      },
      onError,
    }),
  );
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: (user) => {
        setMessage({ kind: "ok", text: `Created ${user.email}.` });
        void refresh();
      },
      onError,
    }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      email: String(form.get("email")),
      name: String(form.get("name")),
      role: String(form.get("role")) as Role,
      password: String(form.get("password")),
    });
  }

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading" className="mb-3 text-lg font-medium">
        Users
      </h2>
      <FeedbackLine feedback={message} className="mb-3" />
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Email
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id} className="border-t border-slate-100">
                <td className="px-4 py-2">{user.name}</td>
                <td className="px-4 py-2">{user.email}</td>
                <td className="px-4 py-2">
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user.id}`}
                    value={user.role}
                    disabled={update.isPending}
                    onChange={(event) => update.mutate({ userId: user.id, role: event.target.value as Role })}
                    className="rounded-md border border-slate-300 px-2 py-1"
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {roleLabels[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2">
                  <button
                    type="button"
                    disabled={update.isPending || user.id === currentUserId}
                    onClick={() => update.mutate({ userId: user.id, active: !user.active })}
                    className="rounded-md border border-slate-300 px-2 py-1 disabled:opacity-50"
                    aria-label={`${user.active ? "Disable" : "Enable"} ${user.email}`}
                  >
                    {user.active ? "Active · disable" : "Disabled · enable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        onSubmit={onCreate}
        className="mt-6 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 md:grid-cols-5"
        aria-labelledby="add-user-heading"
      >
        <h3 id="add-user-heading" className="font-medium md:col-span-5">
          Add a user
        </h3>
        <label className="text-sm">
          Name
          <input
            name="name"
            required
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="text-sm">
          Email
          <input
            name="email"
            type="email"
            required
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="text-sm">
          Role
          <select
            name="role"
            defaultValue="analyst"
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Initial password
          <input
            name="password"
            type="password"
            minLength={8}
            required
            autoComplete="new-password"
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <div className="flex items-end">
          <button
            type="submit"
            disabled={create.isPending}
            className="w-full rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {create.isPending ? "Adding…" : "Add user"}
          </button>
        </div>
      </form>
    </section>
  );
}
