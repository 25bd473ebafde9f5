// `c360 mcp`: the MCP server on stdin/stdout for a local client (Claude Desktop, an IDE), acting as the user whose
// personal access token is in C360_TOKEN. Protocol messages only on stdout; everything else on stderr.
import { authenticateAccessToken, accessTokenRefusals } from "@c360/core/tokens/authenticate-access-token";
// The one import of the API in the CLI (decision 2401): the MCP server calls the portal's procedures.
// eslint-disable-next-line no-restricted-imports
import { serveMcpOverStdio } from "@c360/api/mcp/mcp-stdio";
import { UsageError, type Command } from "../command";
import { readCliEnv } from "../env";
import { withDatabase } from "./with-database";

export const mcpCommand: Command = {
  name: "mcp",
  summary: "serve MCP over stdio as the user of C360_TOKEN (for local agents)",
  usage: "C360_TOKEN=c360_pat_... c360 mcp",
  async run(args, io) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    const token = readCliEnv().C360_TOKEN;
    if (!token)
      throw new UsageError(
        "set C360_TOKEN to a personal access token (create one on /account or with `c360 tokens create`)",
      );
    return withDatabase(
      async ({ db }) => {
        const check = await authenticateAccessToken(db, token);
        if (!check.ok) {
          io.stderr(`c360 mcp: ${accessTokenRefusals[check.reason]}`);
          return 1;
        }
        io.stderr(
          `c360 mcp: serving as ${check.actor.label} (${check.actor.role}) with token "${check.token.name}" (${check.token.scope}).`,
        );
        await serveMcpOverStdio(db, token);
        return 0;
      },
      { io: { stdout: io.stderr, stderr: io.stderr } },
    );
  },
};
