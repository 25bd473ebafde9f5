import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { privacyRequests, sources } from "@c360/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { getOverview } from "./get-overview";

describe("overview counts", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("counts an empty platform as zeros", async () => {
    const overview = await getOverview(handle.db);
    expect(overview.profiles).toBe(0);
    expect(overview.latestTrustScore).toBeNull();
  });

  it("reflects what is stored, including overdue privacy requests", async () => {
    await ensureDemoUsers(handle.db);
    await handle.db.insert(sources).values([
      { name: "crm", kind: "crm" },
      { name: "billing", kind: "billing" },
    ]);
    const received = new Date(Date.now() - 40 * 86_400_000);
    await handle.db.insert(privacyRequests).values([
      {
        kind: "access",
        subject: {},
        receivedAt: received,
        dueAt: new Date(received.getTime() + 30 * 86_400_000),
      },
      { kind: "erasure", subject: {}, receivedAt: new Date(), dueAt: new Date(Date.now() + 30 * 86_400_000) },
    ]);
    const overview = await getOverview(handle.db);
    expect(overview).toMatchObject({
      sources: 2,
      users: 5,
      openPrivacyRequests: 2,
      overduePrivacyRequests: 1,
    });
  });
});
