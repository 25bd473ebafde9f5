// Where c360 may send HTTP requests on a user's behalf (webhook exports, later triggers): public addresses only,
// checked on the address actually connected to, unless an operator allows the host (C360_WEBHOOK_ALLOWED_HOSTS).
// See docs/decisions/0703-outbound-webhook-targets.md.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";
import { readCoreEnv } from "../env";

export interface WebhookPolicy {
  /** `host` or `host:port` entries (lower case) an operator allows even though they resolve to a non-public address. */
  allowedHosts: readonly string[];
  /** How host names are resolved; the system resolver unless a test plays DNS. */
  resolveHost?: ResolveHost;
}

export function webhookPolicyFromEnv(): WebhookPolicy {
  return { allowedHosts: readCoreEnv().C360_WEBHOOK_ALLOWED_HOSTS };
}

/** Refused on purpose: the operator has not allowed this non-public destination. */
export class WebhookTargetRefusedError extends Error {
  override name = "WebhookTargetRefusedError";
}

/**
 * Why an IP address is not a public destination (loopback, private, link-local, CGNAT, multicast, unspecified,
 * documentation, IPv4 inside IPv6 and the like), or null for a public unicast address.
 */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel: judge the IPv4 address inside it.
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return range === "unicast" ? null : range;
}

function defaultPort(protocol: string): string {
  return protocol === "https:" ? "443" : "80";
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/** An allow-list entry: `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function parseAllowedEntry(entry: string): { host: string; port: string | null } | null {
  const text = entry.trim().toLowerCase();
  if (!text) return null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ?? null };
  if (text.split(":").length > 2) return { host: text, port: null };
  const [host, port] = text.split(":");
  if (port !== undefined && !/^\d+$/.test(port)) return null;
  return { host: host!, port: port ?? null };
}

/** Whether the operator allowed this URL's host (on any port when the entry names none). */
export function isAllowedByOperator(url: URL, policy: WebhookPolicy): boolean {
  const host = bareHost(url.hostname);
  const port = url.port || defaultPort(url.protocol);
  return policy.allowedHosts.some((entry) => {
    const allowed = parseAllowedEntry(entry);
    return allowed !== null && allowed.host === host && (allowed.port === null || allowed.port === port);
  });
}

export type WebhookTargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

const resolveWithSystem: ResolveHost = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

function refusalFor(host: string, address: string, reason: string): string {
  return `${host} ${host === address ? "is" : `resolves to ${address}, which is`} a ${reason} address; c360 sends webhooks only to public addresses unless an administrator allows the host in C360_WEBHOOK_ALLOWED_HOSTS.`;
}

/**
 * Checks a webhook URL before it is saved or used: http(s), and every address its host resolves to is public (or
 * the host is allowed). The connection itself is checked again by `webhookDispatcher`, on the address it really
 * uses, so a DNS answer that changes between this check and the request (rebinding) cannot slip through.
 */
export async function checkWebhookTarget(
  rawUrl: string,
  policy: WebhookPolicy = webhookPolicyFromEnv(),
): Promise<WebhookTargetCheck> {
  const resolveHost = policy.resolveHost ?? resolveWithSystem;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: "The webhook URL is not a URL." };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: "The webhook URL must be an http:// or https:// address." };
  if (url.username || url.password)
    return { ok: false, reason: "Put no user name or password in the webhook URL." };
  if (isAllowedByOperator(url, policy)) return { ok: true, url };
  const host = bareHost(url.hostname);
  let addresses: readonly LookupAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolveHost(host);
    } catch {
      return { ok: false, reason: `The webhook host ${host} could not be found (DNS).` };
    }
  }
  if (addresses.length === 0)
    return { ok: false, reason: `The webhook host ${host} could not be found (DNS).` };
  for (const { address } of addresses) {
    const reason = nonPublicReason(address);
    if (reason) return { ok: false, reason: refusalFor(host, address, reason) };
  }
  return { ok: true, url };
}

/**
 * A DNS lookup for outgoing webhook connections that refuses non-public answers: the socket connects to the very
 * address checked here. `allowed` says whether the operator allowed this host (then any address goes).
 */
export function guardedLookup(
  allowed: (hostname: string) => boolean,
  resolveHost: ResolveHost = resolveWithSystem,
): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        const family = typeof options === "object" && options?.family ? Number(options.family) : 0;
        const usable = addresses.filter((a) => !family || a.family === family);
        if (!allowed(hostname)) {
          const refused = usable.find((a) => nonPublicReason(a.address));
          if (refused) {
            const error = Object.assign(
              new WebhookTargetRefusedError(
                refusalFor(hostname, refused.address, nonPublicReason(refused.address)!),
              ),
              { code: "EC360REFUSED" },
            );
            return callback(error, "", 0);
          }
        }
        if (usable.length === 0)
          return callback(
            Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }),
            "",
            0,
          );
        if (typeof options === "object" && options?.all)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

/** An HTTP dispatcher (undici) whose connections go only where `guardedLookup` allows. */
export function webhookDispatcher(policy: WebhookPolicy = webhookPolicyFromEnv()): Agent {
  // The port was checked with the URL (checkWebhookTarget); a lookup only knows the host name.
  const allowed = (hostname: string) =>
    policy.allowedHosts.some((entry) => parseAllowedEntry(entry)?.host === bareHost(hostname));
  return new Agent({ connect: { lookup: guardedLookup(allowed, policy.resolveHost) } });
}
