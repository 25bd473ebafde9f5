// Which webhook targets are refused, by address range and after DNS, and that the connection itself is guarded
// (a real local HTTP server stands in for an internal service; every connection made here is to 127.0.0.1).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCoreEnv } from "../env";
import {
  checkWebhookTarget,
  isAllowedByOperator,
  nonPublicReason,
  webhookDispatcher,
  type ResolveHost,
} from "./check-webhook-target";

const nonPublic = [
  "127.0.0.1",
  "127.255.0.9",
  "0.0.0.0",
  "10.1.2.3",
  "172.16.0.1",
  "172.31.255.254",
  "192.168.1.1",
  "169.254.169.254", // cloud metadata
  "100.64.0.1", // carrier-grade NAT
  "224.0.0.1",
  "255.255.255.255",
  "192.0.2.10", // documentation
  "198.18.0.1", // benchmarking
  "::1",
  "::",
  "fe80::1",
  "fc00::1",
  "fd12:3456::1",
  "ff02::1",
  "::ffff:127.0.0.1",
  "::ffff:10.0.0.1",
  "64:ff9b::7f00:1", // NAT64 of 127.0.0.1
  "2002:7f00:1::1", // 6to4 of 127.0.0.1
  "2001:db8::1",
];

describe("nonPublicReason", () => {
  it.each(nonPublic)("refuses %s", (address) => expect(nonPublicReason(address)).not.toBeNull());
  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "accepts the public %s",
    (address) => expect(nonPublicReason(address)).toBeNull(),
  );
});

const dns =
  (answers: Record<string, string[]>): ResolveHost =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("checkWebhookTarget", () => {
  const policy = {
    allowedHosts: [],
    resolveHost: dns({
      "hooks.example.com": ["93.184.216.34"],
      "internal.example.com": ["93.184.216.34", "10.0.0.7"],
      localhost: ["127.0.0.1", "::1"],
    }),
  };

  it("refuses literal and encoded loopback and private addresses", async () => {
    for (const url of [
      "http://127.0.0.1:3499/x",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://[::1]:5432/",
      "http://[::ffff:127.0.0.1]/",
      "http://169.254.169.254/latest/meta-data",
      "http://localhost:5432/",
    ]) {
      const check = await checkWebhookTarget(url, policy);
      expect(check.ok, url).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(/C360_WEBHOOK_ALLOWED_HOSTS/);
    }
  });

  it("refuses a name with any non-public address among its answers, and names that do not resolve", async () => {
    expect(await checkWebhookTarget("https://internal.example.com/hook", policy)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("resolves to 10.0.0.7, which is a private address"),
    });
    expect(await checkWebhookTarget("https://nowhere.example.com/hook", policy)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("could not be found"),
    });
    expect(await checkWebhookTarget("ftp://hooks.example.com/", policy)).toMatchObject({ ok: false });
    expect(await checkWebhookTarget("https://user:pw@hooks.example.com/", policy)).toMatchObject({
      ok: false,
    });
  });

  it("accepts a public name, and a non-public host the operator allowed (with its port, when the entry names one)", async () => {
    expect(await checkWebhookTarget("https://hooks.example.com/c360", policy)).toMatchObject({ ok: true });
    const allowed = { ...policy, allowedHosts: ["localhost:3499", "[::1]", "10.0.0.7"] };
    expect((await checkWebhookTarget("http://localhost:3499/x", allowed)).ok).toBe(true);
    expect((await checkWebhookTarget("http://localhost:3500/x", allowed)).ok).toBe(false);
    expect((await checkWebhookTarget("http://[::1]:8080/x", allowed)).ok).toBe(true);
    expect(isAllowedByOperator(new URL("https://10.0.0.7/"), allowed)).toBe(true);
  });

  it("reads the allowed hosts from C360_WEBHOOK_ALLOWED_HOSTS and refuses a malformed list", () => {
    expect(
      readCoreEnv({ C360_WEBHOOK_ALLOWED_HOSTS: " Hooks.Internal:8443, [::1] ,10.0.0.7" })
        .C360_WEBHOOK_ALLOWED_HOSTS,
    ).toEqual(["hooks.internal:8443", "[::1]", "10.0.0.7"]);
    expect(readCoreEnv({}).C360_WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(() => readCoreEnv({ C360_WEBHOOK_ALLOWED_HOSTS: "http://x/" })).toThrow(/host or host:port/);
  });
});

describe("webhookDispatcher", () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_, response) => {
      hits++;
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses at connect time a name whose answer changed to a loopback address after the check (DNS rebinding)", async () => {
    let calls = 0;
    // First answer public (what the check sees), then loopback (what a rebinding attacker serves next).
    const rebinding: ResolveHost = async () => [
      { address: calls++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 },
    ];
    const policy = { allowedHosts: [], resolveHost: rebinding };
    expect((await checkWebhookTarget(`http://rebind.example.com:${port}/`, policy)).ok).toBe(true);
    const dispatcher = webhookDispatcher(policy);
    await expect(
      fetch(`http://rebind.example.com:${port}/`, { method: "POST", body: "{}", dispatcher }),
    ).rejects.toMatchObject({
      cause: expect.objectContaining({ name: "WebhookTargetRefusedError" }),
    });
    await dispatcher.close();
    expect(hits).toBe(0);
  });

  it("connects to an allowed host", async () => {
    const policy = {
      allowedHosts: ["hooks.internal"],
      resolveHost: dns({ "hooks.internal": ["127.0.0.1"] }),
    };
    const dispatcher = webhookDispatcher(policy);
    const response = await fetch(`http://hooks.internal:${port}/`, {
      method: "POST",
      body: "{}",
      dispatcher,
    });
    expect(await response.text()).toBe("ok");
    await dispatcher.close();
    expect(hits).toBe(1);
  });
});
