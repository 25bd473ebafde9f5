// MCP over stdio (`c360 mcp`): one long-lived server for a local client, until the client closes the stream.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Database } from "@c360/db/client";
import { createC360McpServer } from "./mcp-server";

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
