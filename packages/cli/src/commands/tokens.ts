// `c360 tokens create`: a personal access token for a user, printed once (for scripts and a first MCP client).
import { systemActor } from "@c360/core/actor";
import { accessTokenScopes, type AccessTokenScope } from "@c360/core/tokens/access-token-schemas";
import { createAccessTokenForEmail } from "@c360/core/tokens/manage-access-tokens";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

export const tokensCommand: Command = {
  name: "tokens",
  summary: "create a personal access token for a user (for agents: c360 mcp, /api/mcp)",
  usage: "c360 tokens create --email E --name N [--scope read|propose] [--days D]",
  async run(args, io) {
    const [action, ...rest] = args;
    if (action !== "create")
      throw new UsageError(action ? `unknown action "${action}"` : "name an action: create");
    const flags = parseFlags(rest, ["email", "name", "scope", "days"]);
    if (!flags.email) throw new UsageError("--email is required");
    if (!flags.name) throw new UsageError("--name is required");
    if (flags.scope !== undefined && !(accessTokenScopes as readonly string[]).includes(flags.scope))
      throw new UsageError(`--scope must be one of ${accessTokenScopes.join(", ")}`);
    if (flags.days !== undefined && !/^\d+$/.test(flags.days))
      throw new UsageError("--days is a whole number of days");
    return withDatabase(
      async ({ db }) => {
        const issued = await createAccessTokenForEmail(db, systemActor("cli"), flags.email!, {
          name: flags.name!,
          scope: (flags.scope ?? "read") as AccessTokenScope,
          days: flags.days === undefined ? undefined : Number(flags.days),
        });
        io.stderr(
          `c360: token "${issued.accessToken.name}" for ${issued.user.email}, scope ${issued.accessToken.scope}, ` +
            `expires ${issued.accessToken.expiresAt.toISOString()}. It is shown once; store it now.`,
        );
        io.stdout(issued.token);
        return 0;
      },
      { io },
    );
  },
};
