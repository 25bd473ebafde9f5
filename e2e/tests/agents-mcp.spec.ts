// Agents over MCP (issue 24): an analyst creates a personal access token on their account page (shown once), an
// agent calls /api/mcp with it (initialize, then tools/call) and gets masked profiles back, the token shows its
// last use, and once revoked it is refused.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { keepScreenshot, signInAs } from "./fixtures";

const mcpHeaders = (token: string) => ({
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  authorization: `Bearer ${token}`,
});

async function rpc(request: APIRequestContext, token: string, id: number, method: string, params: object) {
  const response = await request.post("/api/mcp", {
    headers: mcpHeaders(token),
    data: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
  });
  return response;
}

test("a token created on the account page lets an agent call /api/mcp as its user, masked, until revoked", async ({
  page,
  playwright,
}) => {
  test.setTimeout(120_000);
  const name = `agent-${Date.now().toString(36)}`;
  await signInAs(page, "analyst");
  await page.getByTestId("current-user").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-access-token").textContent())!.trim();
  expect(token).toMatch(/^c360_pat_/);
  await expect(page.getByTestId(`token-${name}`)).toContainText("read");
  await expect(page.getByTestId(`last-used-${name}`)).toHaveText("never");

  // The agent: no cookies, only the bearer token.
  const agent = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const init = await rpc(agent, token, 1, "initialize", {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "e2e-agent", version: "1.0.0" },
  });
  expect(init.status(), await init.text()).toBe(200);
  expect(await init.json()).toMatchObject({ result: { serverInfo: { name: "c360" } } });

  const search = await rpc(agent, token, 2, "tools/call", {
    name: "search_profiles",
    arguments: { query: "", limit: 5 },
  });
  expect(search.status(), await search.text()).toBe(200);
  const answer = (await search.json()) as { result: { content: { text: string }[]; isError?: boolean } };
  expect(answer.result.isError).toBeFalsy();
  const data = JSON.parse(answer.result.content[0]!.text) as {
    masked: boolean;
    profiles: { email: string | null }[];
  };
  expect(data.masked).toBe(true);
  expect(data.profiles.length).toBeGreaterThan(0);
  expect(data.profiles.length).toBeLessThanOrEqual(5);
  for (const profile of data.profiles) if (profile.email) expect(profile.email).toContain("•••");

  // The analyst's role holds: segments need consent:write.
  const segments = await rpc(agent, token, 3, "tools/call", { name: "list_segments", arguments: {} });
  expect(JSON.stringify(await segments.json())).toContain("FORBIDDEN");

  // Without a token, or with a wrong one: 401 before any MCP message is read.
  const anonymous = await agent.post("/api/mcp", {
    headers: { "content-type": "application/json" },
    data: "{}",
  });
  expect(anonymous.status()).toBe(401);

  await page.reload();
  await expect(page.getByTestId(`last-used-${name}`)).not.toHaveText("never");
  await keepScreenshot(page, "agents-mcp-account");
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId(`token-${name}`)).toContainText("revoked");
  const refused = await rpc(agent, token, 4, "tools/call", { name: "search_profiles", arguments: {} });
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toMatch(/revoked/);
  await agent.dispose();
});
