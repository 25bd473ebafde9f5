// MCP for remote agents: POST /api/mcp speaks the Streamable HTTP transport (JSON answers, no session) with
// `Authorization: Bearer <personal access token>`. The agent acts as the token's user, with that user's role:
// the same procedures, masking and audit as the portal (packages/api/src/mcp, decision 2401). Cookies are not
// accepted: a page the user visits cannot call tools in their name.
import { accessTokenRefusals, authenticateAccessToken } from "@c360/core/tokens/authenticate-access-token";
import { handleMcpHttpRequest } from "@c360/api/mcp/mcp-http";
import { getDb } from "~/server/db";
import { authenticateCaller, parseJsonBody, problem, readBody, restRoute, RestProblem } from "~/server/rest";

export const dynamic = "force-dynamic";

/** One JSON-RPC message or batch: tool arguments are small (ids, a query, a reason). */
const MAX_MESSAGE_BYTES = 256_000;

export const POST = restRoute("MCP", async (request: Request) => {
  const db = await getDb();
  let token = "";
  await authenticateCaller(request, {
    bearer: async (given) => {
      const check = await authenticateAccessToken(db, given);
      if (!check.ok)
        throw new RestProblem(
          401,
          accessTokenRefusals[check.reason],
          {},
          {
            "WWW-Authenticate": `Bearer realm="c360", error="invalid_token"`,
          },
        );
      token = given;
      return check.actor;
    },
    credentialsHint:
      "Send a personal access token as `Authorization: Bearer <token>`; create one on your account page (/account).",
  });
  const body = parseJsonBody(await readBody(request, MAX_MESSAGE_BYTES), { refuseNul: true });
  return handleMcpHttpRequest(db, token, request, body);
});

/** No server-initiated stream and no sessions: every answer comes back on its POST. */
function methodNotAllowed(): Response {
  return problem(
    405,
    "MCP at /api/mcp answers POST only (stateless Streamable HTTP, JSON answers).",
    {},
    { Allow: "POST" },
  );
}
export const GET = methodNotAllowed;
export const DELETE = methodNotAllowed;
