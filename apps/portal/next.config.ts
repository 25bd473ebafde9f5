import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // Internal packages are TypeScript sources; Next.js compiles them (no build step per package).
  transpilePackages: ["@c360/api", "@c360/auth", "@c360/core", "@c360/db", "@c360/matching", "@c360/ui"],
  // PGlite loads its WebAssembly and data files relative to its own module, so it must not be bundled;
  // rate-limiter-flexible imports drizzle-orm by a computed name at run time, which a bundle cannot resolve;
  // pg-boss (trigger delivery) and its pg driver are Node.js libraries with optional native parts.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "rate-limiter-flexible", "pg-boss", "pg"],
  poweredByHeader: false,
  // forbidden(): a page a role may not open answers 403 with the "Not allowed" page (app/(portal)/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Static files too: pages and API routes get these (and the CSP, and HSTS over https) from src/proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
  typescript: { ignoreBuildErrors: false },
};

export default config;
