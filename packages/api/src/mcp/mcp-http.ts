// MCP over Streamable HTTP (the portal's /api/mcp): stateless, one server and transport per request, JSON answers.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Database } from "@c360/db/client";
import { createC360McpServer } from "./mcp-server";

/**
 * Answers one POST of the Streamable HTTP transport. The route has checked the bearer token already (a bad one is a
 * 401 before any MCP message is read) and read the body under its size limit; the server checks the token again on
 * each tool call.
 */
export async function handleMcpHttpRequest(
  db: Database,
  token: string,
  request: Request,
  parsedBody: unknown,
): Promise<Response> {
  const server = createC360McpServer({ db, token });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody });
  } finally {
    await server.close();
  }
}
