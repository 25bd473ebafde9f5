// The two ways the MCP server is reached: Streamable HTTP (the portal's /api/mcp, stateless: one server and
// transport per request, JSON answers) and stdio (`c360 mcp`, one long-lived server for a local client).
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Database } from "@c360/db/client";
import { createC360McpServer } from "./mcp-server";

/**
 * Answers one HTTP request of the Streamable HTTP transport. The caller has checked the bearer token already (a
 * bad one is a 401 before any MCP message is read); the server checks it again on each tool call.
 */
export async function handleMcpHttpRequest(db: Database, token: string, request: Request): Promise<Response> {
  const server = createC360McpServer({ db, token });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}

/** Serves MCP on stdin/stdout until the client closes the stream; resolves then. */
export async function serveMcpOverStdio(db: Database, token: string): Promise<void> {
  const server = createC360McpServer({ db, token });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
