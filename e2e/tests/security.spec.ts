// The probes of issue 18 that need the running portal: cross-site request forgery from a page on another port,
// and whatever else of the hardening only a browser and the production server can show.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signInAs } from "./fixtures";

/** A page of another origin on this machine (another port of localhost: same site, other origin). */
async function startAttackerSite(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>elsewhere</title><p>another site</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the attacker's page does: a credentialed no-cors POST the browser sends without asking the portal first. */
async function postFromPage(
  page: Page,
  url: string,
  body: string,
  contentType = "text/plain",
): Promise<void> {
  await page.evaluate(
    async ({ url, body, contentType }) => {
      await fetch(url, {
        method: "POST",
        mode: "no-cors",
        credentials: "include",
        headers: { "content-type": contentType },
        body,
      });
    },
    { url, body, contentType },
  );
}

async function trpcQuery<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await request.get(`/api/trpc/${path}${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

const lineageEvent = (job: string) =>
  JSON.stringify({
    eventType: "COMPLETE",
    eventTime: new Date().toISOString(),
    producer: "https://example.com/csrf-probe",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: "0190b4a6-8c1e-7d3a-9b5e-2f4c6a8e0d11" },
    job: { namespace: "csrf-probe", name: job },
    inputs: [],
    outputs: [{ namespace: "csrf-probe", name: `${job}-out` }],
  });

test("a page on another port cannot write with the admin's session; the portal's own requests still can", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const attacker = await startAttackerSite();
  try {
    await signInAs(page, "admin");
    const source = `csrf-${Date.now().toString(36)}`;
    const created = await page.request.post("/api/trpc/sources.create", {
      data: { json: { name: source, kind: "other" } },
    });
    expect(created.status(), await created.text()).toBe(200);
    const job = `csrf-job-${Date.now().toString(36)}`;

    // The real attack: the admin, signed in, visits another site that posts with their cookie.
    const elsewhere = await context.newPage();
    await elsewhere.goto(attacker.origin);
    await postFromPage(
      elsewhere,
      `${baseURL}/api/admin/sources/${source}/import`,
      "record_id,email\nx1,csrf@example.com\n",
    );
    await postFromPage(elsewhere, `${baseURL}/api/v1/lineage`, lineageEvent(job));

    // The same requests with the browser's headers stated, to read the answers.
    const crossOrigin = {
      origin: attacker.origin,
      "sec-fetch-site": "same-site",
      "content-type": "text/plain",
    };
    const importAnswer = await page.request.post(`/api/admin/sources/${source}/import`, {
      headers: crossOrigin,
      data: "record_id,email\nx2,csrf@example.com\n",
    });
    expect(importAnswer.status()).toBe(403);
    expect(importAnswer.headers()["content-type"]).toContain("application/problem+json");
    expect(((await importAnswer.json()) as { detail: string }).detail).toMatch(/another site/);
    const lineageAnswer = await page.request.post("/api/v1/lineage", {
      headers: { "sec-fetch-site": "cross-site" },
      data: lineageEvent(job),
    });
    expect(lineageAnswer.status()).toBe(403);
    const trpcAnswer = await page.request.post("/api/trpc/sources.create", {
      headers: { origin: attacker.origin, "content-type": "application/json" },
      data: { json: { name: `${source}-b`, kind: "other" } },
    });
    expect(trpcAnswer.status()).toBe(403);

    // Nothing of it was stored.
    expect(await trpcQuery<unknown[]>(page.request, "sources.importBatches", { name: source })).toHaveLength(
      0,
    );
    expect(JSON.stringify(await trpcQuery(page.request, "lineage.graph"))).not.toContain(job);
    const sources = await trpcQuery<Array<{ name: string }>>(page.request, "sources.list");
    expect(sources.map((s) => s.name)).not.toContain(`${source}-b`);

    // The portal's own pages (same origin) still write.
    const sameOrigin = await page.request.post(`/api/admin/sources/${source}/import`, {
      headers: {
        origin: baseURL!,
        "sec-fetch-site": "same-origin",
        "content-type": "text/csv",
        "x-file-name": "ok.csv",
      },
      data: "record_id,email\nx3,same-origin@example.com\n",
    });
    expect(sameOrigin.status()).toBe(200);
    expect(await sameOrigin.text()).toContain('"type":"summary"');
    expect(await trpcQuery<unknown[]>(page.request, "sources.importBatches", { name: source })).toHaveLength(
      1,
    );
    const lineageSameOrigin = await page.request.post("/api/v1/lineage", {
      headers: { origin: baseURL!, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      data: lineageEvent(job),
    });
    expect(lineageSameOrigin.status(), await lineageSameOrigin.text()).toBe(201);
    expect(JSON.stringify(await trpcQuery(page.request, "lineage.graph"))).toContain(job);
  } finally {
    await attacker.close();
  }
});

test("sign-in sends the user only to paths of the portal, however the callbackUrl is disguised", async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  await page.goto("/signin?callbackUrl=/%5Cevil.test/phish");
  await page.getByLabel("Email").fill("steward@example.com");
  await page.getByLabel("Password").fill("c360-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(origin);
  expect(new URL(page.url()).pathname).toBe("/");

  for (const callbackUrl of [
    "/%5Cevil.test",
    "//evil.test",
    "https://evil.test/x",
    "/%09/evil.test",
    "/%2F%2Fevil.test",
  ]) {
    const answer = await page.request.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(answer.status(), callbackUrl).toBe(307);
    const location = new URL(answer.headers()["location"]!, baseURL);
    expect(location.origin, callbackUrl).toBe(origin);
    expect(location.pathname, callbackUrl).toBe("/");
  }
  // A path of the portal is kept.
  const kept = await page.request.get(`/signin?callbackUrl=${encodeURIComponent("/glossary?q=a")}`, {
    maxRedirects: 0,
  });
  expect(kept.headers()["location"]).toBe("/glossary?q=a");

  // next-auth's own redirect after a sign-in request names the portal too.
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const signInAnswer = await page.request.post("/api/auth/callback/credentials", {
    form: {
      csrfToken: csrf,
      email: "steward@example.com",
      password: "c360-demo",
      callbackUrl: "/\\evil.test/phish",
      json: "true",
    },
    maxRedirects: 0,
  });
  const target = ((await signInAnswer.json()) as { url: string }).url;
  expect(new URL(target).origin).toBe(origin);
});

test("a session cookie kept from before sign-out no longer works, and the session endpoint does not renew it", async ({
  browser,
  baseURL,
}) => {
  const first = await browser.newContext({ baseURL });
  const page = await first.newPage();
  await signInAs(page, "steward");
  const kept = await first.cookies();
  expect(kept.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  // A click that lands before the page is hydrated does nothing: click again until sign-out has taken the page away.
  await expect(async () => {
    if (!/\/signin/.test(page.url())) await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(kept);
  const replayed = await replay.newPage();
  await replayed.goto("/profiles");
  await expect(replayed).toHaveURL(/\/signin/);
  expect(await (await replayed.request.get("/api/auth/session")).json()).toEqual({});
  expect((await replayed.request.get("/api/trpc/admin.listUsers")).status()).toBe(401);
  await first.close();
  await replay.close();
});

test("an admin's password reset ends the user's other sessions", async ({ browser, baseURL }) => {
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signInAs(admin, "admin");
  const email = `reset-${Date.now().toString(36)}@example.com`;
  const created = await admin.request.post("/api/trpc/admin.createUser", {
    data: { json: { email, name: "Reset Probe", role: "analyst", password: "first password" } },
  });
  expect(created.status(), await created.text()).toBe(200);
  const userId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json
    .id;

  const userContext = await browser.newContext({ baseURL });
  const user = await userContext.newPage();
  await user.goto("/");
  await user.getByLabel("Email").fill(email);
  await user.getByLabel("Password").fill("first password");
  await user.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(user.getByTestId("current-user")).toBeVisible();
  await user.goto("/profiles");
  await expect(user).toHaveURL(/\/profiles/);

  const reset = await admin.request.post("/api/trpc/admin.setUserPassword", {
    data: { json: { userId, password: "second password" } },
  });
  expect(reset.status(), await reset.text()).toBe(200);
  await user.goto("/profiles");
  await expect(user).toHaveURL(/\/signin/);
  expect(await (await user.request.get("/api/auth/session")).json()).toEqual({});
  await adminContext.close();
  await userContext.close();
});

test("REST bodies: valid JSON as a whole, one NUL refuses one row, deep nesting and oversize bodies get clear answers", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  const source = `rest-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/trpc/sources.create", {
    data: { json: { name: source, kind: "other", fieldMapping: { uid: "record_id", mail: "email" } } },
  });
  expect(created.status(), await created.text()).toBe(200);
  const rotated = await page.request.post("/api/trpc/sources.rotateToken", {
    data: { json: { name: source } },
  });
  const token = ((await rotated.json()) as { result: { data: { json: { token: string } } } }).result.data.json
    .token;
  const url = `/api/v1/sources/${source}/records`;
  const post = (
    data: string | Buffer,
    contentType = "application/json",
    headers: Record<string, string> = {},
  ) =>
    page.request.post(url, {
      headers: { authorization: `Bearer ${token}`, "content-type": contentType, ...headers },
      data,
    });

  // Item 12: a truncated array or trailing garbage stores nothing and names the position.
  // (Buffers: Playwright would quote a JSON-typed string that does not parse, and send valid JSON.)
  const truncated = await post(
    Buffer.from('[{"uid":"t1","mail":"t1@example.com"},{"uid":"t2","mail":"t2@example.com"},{"uid":"t3"'),
  );
  expect(truncated.status()).toBe(400);
  expect(truncated.headers()["content-type"]).toContain("application/problem+json");
  expect(((await truncated.json()) as { detail: string }).detail).toMatch(
    /not valid JSON: .* at line 1, column \d+/,
  );
  const trailing = await post(
    Buffer.from('[{"uid":"t1","mail":"t1@example.com"},{"uid":"t2","mail":"t2@example.com"}] garbage'),
  );
  expect(trailing.status()).toBe(400);
  expect(((await trailing.json()) as { detail: string }).detail).toMatch(
    /after the end of the JSON value at line 1, column 77/,
  );
  const batches = await page.request.get(
    `/api/trpc/sources.importBatches?input=${encodeURIComponent(JSON.stringify({ json: { name: source } }))}`,
  );
  expect(((await batches.json()) as { result: { data: { json: unknown[] } } }).result.data.json).toHaveLength(
    0,
  );

  // Item 9: one NUL character refuses its row only; the good rows are stored and the batch completes.
  const withNul = await post(
    '{"uid":"n1","mail":"n1@example.com"}\n{"uid":"n2","mail":"n\\u00002@example.com"}\n{"uid":"n3","mail":"n3@example.com"}\n',
    "application/x-ndjson",
  );
  expect(withNul.status(), await withNul.text()).toBe(200);
  expect(await withNul.json()).toMatchObject({
    accepted: 2,
    rejected: 1,
    errors: [{ row: 2, reason: expect.stringContaining("NUL character") }],
  });
  const rawNulCsv = await post(
    Buffer.from("uid,mail\nc1,c1@example.com\nc2,c\u00002@example.com\n"),
    "text/csv",
  );
  expect(await rawNulCsv.json()).toMatchObject({ accepted: 1, rejected: 1 });
  const deep = await post(Buffer.from(`[{"uid":"d1","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}]`));
  expect(deep.status()).toBe(400);
  expect(((await deep.json()) as { detail: string }).detail).toMatch(/nested more than 64 deep/);

  // OpenLineage: a facet with \u0000 and a 20,000-deep value are 400s naming the place, not 500s.
  const lineageNul = await page.request.post("/api/v1/lineage", {
    headers: { "content-type": "application/json" },
    data: Buffer.from(
      JSON.stringify({
        eventType: "COMPLETE",
        eventTime: new Date().toISOString(),
        producer: "https://example.com/p",
        schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json",
        run: { runId: "0190b4a6-8c1e-7d3a-9b5e-2f4c6a8e0d12", facets: { note: { text: "a\u0000b" } } },
        job: { namespace: "n", name: "j" },
      }),
    ),
  });
  expect(lineageNul.status()).toBe(400);
  expect(((await lineageNul.json()) as { detail: string }).detail).toContain("$.run.facets.note.text");
  const lineageDeep = await page.request.post("/api/v1/lineage", {
    headers: { "content-type": "application/json" },
    data: Buffer.from(`{"x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`),
  });
  expect(lineageDeep.status()).toBe(400);

  // A malformed X-File-Name is the caller's mistake (400), not the server's (500).
  const badName = await page.request.post(`/api/admin/sources/${source}/import`, {
    headers: { "content-type": "text/csv", "x-file-name": "%E0%A4%A" },
    data: "uid,mail\nf1,f1@example.com\n",
  });
  expect(badName.status()).toBe(400);
  expect(((await badName.json()) as { detail: string }).detail).toMatch(/X-File-Name/);

  // Item 13: a body over the limit is refused from its declared length, before it is read.
  const big = Buffer.alloc(3_000_000, 0x20);
  const tooBig = await page.request.post("/api/v1/consent", {
    headers: { "content-type": "application/json" },
    data: big,
  });
  expect(tooBig.status()).toBe(413);
  expect(((await tooBig.json()) as { limitBytes: number }).limitBytes).toBe(2_000_000);
});

test("pages carry the security headers, and the portal works under its Content Security Policy", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|connect|apply)/i.test(message.text()))
      violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));

  const signin = await page.goto("/signin");
  const headers = signin!.headers();
  const policy = headers["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Served over http here: no HSTS (it would pin a browser to https the server does not speak).
  expect(headers["strict-transport-security"]).toBeUndefined();
  const again = (await page.request.get("/signin")).headers()["content-security-policy"]!;
  expect(again.match(/nonce-([^']+)/)![1]).not.toBe(policy.match(/nonce-([^']+)/)![1]);
  expect((await page.request.get("/api/health")).headers()["x-content-type-options"]).toBe("nosniff");

  await signInAs(page, "admin");
  // Charts (recharts) on the quality dashboard, the lineage graph, and a profile with its live-update stream.
  await page.goto("/quality");
  // A real browser mutation (tRPC POST, same origin) under the CSP and the origin check, then the charts it feeds.
  await page.getByRole("button", { name: "Run quality checks now" }).click();
  await expect(page.getByText(/Run finished: trust score/)).toBeVisible({ timeout: 150_000 });
  await page.reload();
  await expect(page.locator('[data-chart="dimensions"] path.recharts-rectangle').first()).toBeVisible();
  await page.goto("/lineage");
  await expect(page.getByTestId("lineage-graph")).toBeVisible();
  const stream = page.waitForResponse((response) =>
    /\/api\/profiles\/[0-9a-f-]{36}\/events$/.test(response.url()),
  );
  await page.goto("/profiles?q=crm-705");
  await page.locator("#profile-results tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  expect((await stream).status()).toBe(200);
  expect(violations).toEqual([]);
});
