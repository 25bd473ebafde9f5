// The security headers of every response: a Content Security Policy with a per-request script nonce (pages), and
// the fixed ones (framing, sniffing, referrer, HSTS over https). Pure, so the policy can be unit-tested.

export interface SecurityHeaderOptions {
  /** The per-request nonce Next.js puts on its own scripts (read from the request's CSP header). */
  nonce: string;
  /** Development needs eval for React's error overlay; production never does. */
  development: boolean;
  /** The portal's public URL (NEXTAUTH_URL): https switches on HSTS and upgrading of insecure requests. */
  publicUrl?: string;
  /** The OIDC issuer, whose sign-in page a form may lead to. */
  oidcIssuer?: string;
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** The page policy: scripts only with this request's nonce (and what they load), nothing framed, nothing from elsewhere. */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const https = originOf(options.publicUrl)?.startsWith("https:") ?? false;
  const issuer = originOf(options.oidcIssuer);
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': the nonce'd bootstrap may load Next.js's chunks; 'self' is the fallback for CSP2 browsers.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Charts and the graph set style attributes in server-rendered markup; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Live updates (EventSource) and tRPC are same-origin.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${issuer ? ` ${issuer}` : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers for every response besides the CSP. HSTS only when the portal is served over https. */
export function fixedSecurityHeaders(publicUrl: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
  if (originOf(publicUrl)?.startsWith("https:"))
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
