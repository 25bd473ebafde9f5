// The one helper every REST route under /api (v1 and admin) is built with, so they agree on who may call, how
// bodies are read and how errors look:
//
//   export const POST = restRoute("OpenLineage event", async (request) => {
//     const actor = await authenticateCaller(request, { bearer: checkToken, session: "lineage:write", ... });
//     const event = parseJsonBody(await readBody(request, 1_000_000), { refuseNul: true });
//     return Response.json(await ingest(event), { status: 201 });
//   });
//
// - restRoute: wraps a handler; a thrown RestProblem, AppError or ZodError becomes an application/problem+json
//   answer (RFC 9457, with `error` kept beside `detail` for existing clients), anything else is logged without its
//   parameters and answered 500.
// - authenticateCaller: a bearer token (checked by the route's own verifier) or a signed-in session with one
//   permission; a session request from another origin is refused 403 (CSRF), a bearer request never is.
// - readBody: the body under a byte limit, streamed (Content-Length first, then a counting reader).
// - parseJsonBody: the body as JSON that is valid whole, or a 400 naming line and column.
import "server-only";
import type { Permission } from "@c360/auth/permissions";
import { readAuthEnv } from "@c360/auth/env";
import { actorCan, type Actor } from "@c360/core/actor";
import { AppError, describeValidationIssues, fieldErrorsOf, httpStatusOf } from "@c360/core/errors";
import { logUnexpectedError } from "@c360/core/system/describe-error-for-log";
import { ZodError } from "zod";
import { getCurrentActor } from "./session";
import { isCrossOrigin, ownOriginsOf, readBodyWithinLimit, RestProblem } from "./rest-request";

export { parseJsonBody, RestProblem } from "./rest-request";

const statusTitles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** An application/problem+json answer: `detail` (and `error`, the same text) tells the caller what to change. */
export function problem(
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body = {
    type: "about:blank",
    title: statusTitles[status] ?? "Error",
    status,
    detail,
    error: detail,
    ...extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

type RouteHandler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler: every error becomes a problem answer; unexpected ones are logged without personal data. */
export function restRoute<C>(label: string, handler: RouteHandler<C>): RouteHandler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof RestProblem)
        return problem(error.status, error.message, error.extra, error.headers);
      if (error instanceof AppError)
        return problem(httpStatusOf[error.code], error.message, error.details ?? {});
      if (error instanceof ZodError)
        return problem(400, describeValidationIssues(error.issues), {
          fieldErrors: fieldErrorsOf(error.issues),
        });
      logUnexpectedError(`REST ${label}`, error);
      return problem(500, "The request failed on the server; it has been logged. Retry the same request.");
    }
  };
}

export interface CallerOptions {
  /**
   * Checks a bearer token: the actor it stands for, or null for a token that is not valid (401). May throw a
   * RestProblem for a token that is valid but not here (403). Without it, bearer tokens are not accepted.
   */
  bearer?: (token: string) => Promise<Actor | null>;
  /** The permission a signed-in user needs; without it, signed-in sessions are not accepted. */
  session?: Permission;
  /** What a caller without credentials is told to send (the 401 text). */
  credentialsHint: string;
}

function ownOrigins(request: Request): string[] {
  let publicUrl: string | undefined;
  try {
    publicUrl = readAuthEnv().NEXTAUTH_URL;
  } catch {
    publicUrl = undefined;
  }
  return ownOriginsOf(request.url, publicUrl);
}

/**
 * Refuses a cookie-authenticated request sent by a page of another origin (a page on another port of the same host
 * included): the browser adds the session cookie to such requests, so without this check any page the user visits
 * could write in their name.
 */
export function assertSameOrigin(request: Request): void {
  if (isCrossOrigin(request.headers, ownOrigins(request)))
    throw new RestProblem(
      403,
      "This request came from another site; signed-in requests are accepted only from c360's own pages.",
    );
}

/** Who is calling: the bearer token's actor, or the signed-in user (same origin only, with the permission). */
export async function authenticateCaller(request: Request, options: CallerOptions): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (authorization && options.bearer) {
    const actor = token ? await options.bearer(token) : null;
    if (actor) return actor;
    throw new RestProblem(
      401,
      `The bearer token is not valid here. ${options.credentialsHint}`,
      {},
      {
        "WWW-Authenticate": `Bearer realm="c360", error="invalid_token"`,
      },
    );
  }
  const challenge = { "WWW-Authenticate": `Bearer realm="c360"` };
  if (!options.session) throw new RestProblem(401, options.credentialsHint, {}, challenge);
  const actor = await getCurrentActor();
  if (!actor) throw new RestProblem(401, options.credentialsHint, {}, challenge);
  assertSameOrigin(request);
  if (!actorCan(actor, options.session))
    throw new RestProblem(
      403,
      `This needs the ${options.session} permission, which your role does not have.`,
    );
  return actor;
}

/** The request body, at most `maxBytes` (413 past it, 400 when empty). */
export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const body = await readBodyWithinLimit(request, maxBytes);
  if (body.length === 0) throw new RestProblem(400, "The body is empty.");
  return body;
}
