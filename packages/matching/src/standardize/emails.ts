// Email standardization: case, provider aliases, gmail-style dots and +tags, so one mailbox has one spelling.

// Providers that ignore dots in the local part (the same mailbox however the dots fall).
const DOT_INSENSITIVE_DOMAINS = new Set(["gmail.com"]);
const DOMAIN_ALIASES: Record<string, string> = { "googlemail.com": "gmail.com" };

/** The canonical mailbox, or null when the text is not an email address. */
export function standardizeEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.+$/, "");
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) || /\s/.test(local)) return null;
  domain = DOMAIN_ALIASES[domain] ?? domain;
  // Sub-addressing ("+tag") reaches the same mailbox at every major provider.
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (DOT_INSENSITIVE_DOMAINS.has(domain)) local = local.replace(/\./g, "");
  if (local === "") return null;
  return `${local}@${domain}`;
}

/** The local part of a standardized email ("jsmith" of "jsmith@example.com"). */
export function emailLocalPart(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? email : email.slice(0, at);
}
