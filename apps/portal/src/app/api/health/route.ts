// Liveness and database reachability, for load balancers and the e2e harness.
import { checkDatabase } from "@c360/core/system/check-database";
import { getDatabaseHandle } from "~/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return Response.json({ status: "ok", ...(await checkDatabase(await getDatabaseHandle())) });
  } catch (error) {
    return Response.json(
      { status: "unavailable", error: error instanceof Error ? error.message : String(error) },
      { status: 503 },
    );
  }
}
