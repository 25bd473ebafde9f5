// Runs before every page and API route: a fresh CSP nonce per request (Next.js reads it from the request's CSP
// header and puts it on its scripts) and the security headers. Static files get the fixed headers from next.config.
import { readAuthEnv } from "@c360/auth/env";
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, fixedSecurityHeaders } from "./server/security-headers";

function settings(): { publicUrl?: string; oidcIssuer?: string } {
  try {
    const env = readAuthEnv();
    return { publicUrl: env.NEXTAUTH_URL, oidcIssuer: env.OIDC_ISSUER };
  } catch {
    // A bad setting stops the server elsewhere with its own message; headers still go out.
    return {};
  }
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const { publicUrl, oidcIssuer } = settings();
  const policy = contentSecurityPolicy({
    nonce,
    // eslint-disable-next-line no-restricted-properties -- a build-time constant Next.js inlines, not a setting
    development: process.env.NODE_ENV === "development",
    publicUrl,
    oidcIssuer,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(fixedSecurityHeaders(publicUrl)))
    response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
