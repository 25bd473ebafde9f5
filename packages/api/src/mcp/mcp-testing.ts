// Test helpers of the MCP server: a connected SDK client for a token (in-memory transport), and tool answers read
// as data or as a refusal code.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Database } from "@c360/db/client";
import { createC360McpServer } from "./mcp-server";

export interface ToolOutcome {
  /** The parsed answer, or null when refused. */
  data: unknown;
  /** The refusal code (FORBIDDEN, UNAUTHORIZED, BAD_REQUEST ...), null on success. */
  refused: string | null;
  /** Everything the client received, serialized: what a leak test searches. */
  raw: string;
}

export async function connectClient(
  db: Database,
  token: string,
  options: { callsPerMinute?: number } = {},
): Promise<{ client: Client; close: () => Promise<void> }> {
  const server = createC360McpServer({ db, token, callsPerMinute: options.callsPerMinute });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: "c360-test", version: "1.0.0" });
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolOutcome> {
  try {
    const result = await client.callTool({ name, arguments: args });
    const content = result.content as { type: string; text?: string }[];
    const text = content.map((c) => c.text ?? "").join("\n");
    const raw = JSON.stringify(result);
    if (result.isError) {
      const code = /^([A-Z_]+):/.exec(text)?.[1] ?? (/validation/i.test(text) ? "BAD_REQUEST" : "ERROR");
      return { data: null, refused: code, raw };
    }
    return { data: JSON.parse(text) as unknown, refused: null, raw };
  } catch (error) {
    // The SDK answers a protocol-level problem (unknown tool, arguments failing the tool's schema) as an error.
    return { data: null, refused: "PROTOCOL_ERROR", raw: String(error) };
  }
}
