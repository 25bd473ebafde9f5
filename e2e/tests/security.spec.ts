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
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What the attacker's page does: a credentialed no-cors POST the browser sends without asking the portal first. */
async function postFromPage(page: Page, url: string, body: string, contentType = "text/plain"): Promise<void> {
  await page.evaluate(
    async ({ url, body, contentType }) => {
      await fetch(url, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": contentType }, body });
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

test("a page on another port cannot write with the admin's session; the portal's own requests still can", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const attacker = await startAttackerSite();
  try {
    await signInAs(page, "admin");
    const source = `csrf-${Date.now().toString(36)}`;
    const created = await page.request.post("/api/trpc/sources.create", { data: { json: { name: source, kind: "other" } } });
    expect(created.status(), await created.text()).toBe(200);
    const job = `csrf-job-${Date.now().toString(36)}`;

    // The real attack: the admin, signed in, visits another site that posts with their cookie.
    const elsewhere = await context.newPage();
    await elsewhere.goto(attacker.origin);
    await postFromPage(elsewhere, `${baseURL}/api/admin/sources/${source}/import`, "record_id,email\nx1,csrf@example.com\n");
    await postFromPage(elsewhere, `${baseURL}/api/v1/lineage`, lineageEvent(job));

    // The same requests with the browser's headers stated, to read the answers.
    const crossOrigin = { origin: attacker.origin, "sec-fetch-site": "same-site", "content-type": "text/plain" };
    const importAnswer = await page.request.post(`/api/admin/sources/${source}/import`, {
      headers: crossOrigin,
      data: "record_id,email\nx2,csrf@example.com\n",
    });
    expect(importAnswer.status()).toBe(403);
    expect(importAnswer.headers()["content-type"]).toContain("application/problem+json");
    expect(((await importAnswer.json()) as { detail: string }).detail).toMatch(/another site/);
    const lineageAnswer = await page.request.post("/api/v1/lineage", { headers: { "sec-fetch-site": "cross-site" }, data: lineageEvent(job) });
    expect(lineageAnswer.status()).toBe(403);
    const trpcAnswer = await page.request.post("/api/trpc/sources.create", {
      headers: { origin: attacker.origin, "content-type": "application/json" },
      data: { json: { name: `${source}-b`, kind: "other" } },
    });
    expect(trpcAnswer.status()).toBe(403);

    // Nothing of it was stored.
    expect(await trpcQuery<unknown[]>(page.request, "sources.importBatches", { name: source })).toHaveLength(0);
    expect(JSON.stringify(await trpcQuery(page.request, "lineage.graph"))).not.toContain(job);
    const sources = await trpcQuery<Array<{ name: string }>>(page.request, "sources.list");
    expect(sources.map((s) => s.name)).not.toContain(`${source}-b`);

    // The portal's own pages (same origin) still write.
    const sameOrigin = await page.request.post(`/api/admin/sources/${source}/import`, {
      headers: { origin: baseURL!, "sec-fetch-site": "same-origin", "content-type": "text/csv", "x-file-name": "ok.csv" },
      data: "record_id,email\nx3,same-origin@example.com\n",
    });
    expect(sameOrigin.status()).toBe(200);
    expect(await sameOrigin.text()).toContain('"type":"summary"');
    expect(await trpcQuery<unknown[]>(page.request, "sources.importBatches", { name: source })).toHaveLength(1);
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

test("sign-in sends the user only to paths of the portal, however the callbackUrl is disguised", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await page.goto("/signin?callbackUrl=/%5Cevil.test/phish");
  await page.getByLabel("Email").fill("steward@example.com");
  await page.getByLabel("Password").fill("c360-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(origin);
  expect(new URL(page.url()).pathname).toBe("/");

  for (const callbackUrl of ["/%5Cevil.test", "//evil.test", "https://evil.test/x", "/%09/evil.test", "/%2F%2Fevil.test"]) {
    const answer = await page.request.get(`/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(answer.status(), callbackUrl).toBe(307);
    const location = new URL(answer.headers()["location"]!, baseURL);
    expect(location.origin, callbackUrl).toBe(origin);
    expect(location.pathname, callbackUrl).toBe("/");
  }
  // A path of the portal is kept.
  const kept = await page.request.get(`/signin?callbackUrl=${encodeURIComponent("/glossary?q=a")}`, { maxRedirects: 0 });
  expect(kept.headers()["location"]).toBe("/glossary?q=a");

  // next-auth's own redirect after a sign-in request names the portal too.
  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const signInAnswer = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf, email: "steward@example.com", password: "c360-demo", callbackUrl: "/\\evil.test/phish", json: "true" },
    maxRedirects: 0,
  });
  const target = ((await signInAnswer.json()) as { url: string }).url;
  expect(new URL(target).origin).toBe(origin);
});

test("a session cookie kept from before sign-out no longer works, and the session endpoint does not renew it", async ({ browser, baseURL }) => {
  const first = await browser.newContext({ baseURL });
  const page = await first.newPage();
  await signInAs(page, "steward");
  const kept = await first.cookies();
  expect(kept.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

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
  const userId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

  const userContext = await browser.newContext({ baseURL });
  const user = await userContext.newPage();
  await user.goto("/");
  await user.getByLabel("Email").fill(email);
  await user.getByLabel("Password").fill("first password");
  await user.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(user.getByTestId("current-user")).toBeVisible();
  await user.goto("/profiles");
  await expect(user).toHaveURL(/\/profiles/);

  const reset = await admin.request.post("/api/trpc/admin.setUserPassword", { data: { json: { userId, password: "second password" } } });
  expect(reset.status(), await reset.text()).toBe(200);
  await user.goto("/profiles");
  await expect(user).toHaveURL(/\/signin/);
  expect(await (await user.request.get("/api/auth/session")).json()).toEqual({});
  await adminContext.close();
  await userContext.close();
});
