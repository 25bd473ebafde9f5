// Where a sign-in may send the user afterwards: a path of this portal, never another site. Used by the next-auth
// redirect callback and by the sign-in page, which both receive `callbackUrl` from whoever wrote the link.

const PROBE_ORIGIN = "http://c360.invalid";

/** Whether one reading of the value could make a browser leave the origin: `//host`, `/\host`, a scheme, a control character. */
function leavesOrigin(text: string): boolean {
  if (!text.startsWith("/")) return true;
  if (text[1] === "/" || text.includes("\\")) return true;
  // Browsers drop tabs and newlines inside URLs ("/\t/evil.test" is "//evil.test"); no path of ours has any.
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The same-origin path (with query and fragment) that `value` names, or `fallback`. Refuses absolute and
 * protocol-relative URLs, backslashes and control characters, also when percent-encoded (up to three layers), so
 * that no later decoding by a browser, a proxy or next-auth turns an accepted path into another host.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  let layer = value;
  for (let depth = 0; depth < 4; depth++) {
    if (leavesOrigin(layer)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return fallback;
    }
    if (decoded === layer) break;
    layer = decoded;
  }
  const url = new URL(value, PROBE_ORIGIN);
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return leavesOrigin(path) ? fallback : path;
}

/**
 * next-auth's redirect callback: a path or an absolute URL of this portal comes back as an absolute URL of the
 * portal; anything else sends the user to the portal's home page.
 */
export function redirectWithinPortal({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const base = new URL(baseUrl);
  let candidate = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      if (absolute.origin !== base.origin) return baseUrl;
      candidate = `${absolute.pathname}${absolute.search}${absolute.hash}`;
    } catch {
      return baseUrl;
    }
  }
  const path = safeCallbackPath(candidate, "");
  // baseUrl may carry a base path (NEXTAUTH_URL=https://host/c360): the callback path is relative to the origin.
  return path ? `${base.origin}${path}` : baseUrl;
}
