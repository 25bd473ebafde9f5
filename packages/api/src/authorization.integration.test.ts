// Proves, for every procedure of the router (found by enumeration, not by a list), that authorization holds.
import { roleMeets, roles, type Requirement } from "@c360/auth/permissions";
import { userActor } from "@c360/core/actor";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCaller } from "./root";
import type { Context } from "./trpc";

type AnyProcedure = { _def: { meta?: { requires?: Requirement }; type: string } };
// At runtime `_def.procedures` is flat: "admin.listUsers" -> procedure, nested routers included.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

async function callByPath(ctx: Context, path: string): Promise<unknown> {
  const target = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
  return (target as (input?: unknown) => Promise<unknown>)(undefined);
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : "NOT_A_TRPC_ERROR";
  }
}

describe("authorization of every procedure", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  const actorFor = (role: (typeof roles)[number]) =>
    userActor({ id: randomUUID(), email: `${role}@test.example`, role });

  it("finds the procedures to check, nested routers included", () => {
    const paths = procedures.map(([path]) => path);
    // Enumeration must reach into every sub-router: one procedure of each area the portal relies on.
    for (const path of [
      "profiles.search",
      "profiles.get",
      "stewardship.mergeProfiles",
      "admin.listUsers",
      "consent.record",
      "privacy.createRequest",
    ])
      expect(paths, path).toContain(path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it.each(procedures)("%s declares what it requires", (_path, procedure) => {
    expect(procedure._def.meta?.requires).toBeTruthy();
  });

  it.each(procedures)("%s refuses an anonymous caller with UNAUTHORIZED", async (path) => {
    expect(await errorCodeOf(callByPath({ db: handle.db, actor: null }, path))).toBe("UNAUTHORIZED");
  });

  it.each(procedures)(
    "%s refuses every role without the permission with FORBIDDEN",
    async (path, procedure) => {
      const requires = procedure._def.meta!.requires!;
      for (const role of roles.filter((r) => !roleMeets(r, requires))) {
        expect(
          await errorCodeOf(callByPath({ db: handle.db, actor: actorFor(role) }, path)),
          `${role} on ${path}`,
        ).toBe("FORBIDDEN");
      }
    },
  );

  it.each(procedures)(
    "%s lets every role with the permission past authorization",
    async (path, procedure) => {
      const requires = procedure._def.meta!.requires!;
      for (const role of roles.filter((r) => roleMeets(r, requires))) {
        const code = await errorCodeOf(callByPath({ db: handle.db, actor: actorFor(role) }, path));
        expect(["UNAUTHORIZED", "FORBIDDEN"], `${role} on ${path}`).not.toContain(code);
      }
    },
  );
});
