// `c360 setup`: migrate the database and create the demo accounts (npm start runs it before the portal).
import { prepareDatabase } from "@c360/core/setup/prepare-database";
import { demoPassword, demoUsers } from "@c360/core/users/ensure-demo-users";
import { UsageError, type Command } from "../command";
import { withDatabase } from "./with-database";

export const setupCommand: Command = {
  name: "setup",
  summary: "apply database migrations; create demo users and demo customers (unless --no-demo)",
  usage: "c360 setup [--no-demo]",
  async run(args, io) {
    const unknown = args.filter((a) => a !== "--no-demo");
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    const demo = !args.includes("--no-demo");
    return withDatabase(
      async (handle) => {
        const result = await prepareDatabase(handle, {
          demo,
          onProgress: (m) => io.stdout(`c360 seed: ${m}`),
        });
        io.stdout(`c360: database ready (${handle.driver}, ${handle.location}), migrations applied.`);
        if (result.demoUsersCreated > 0) {
          io.stdout(
            `c360: created ${result.demoUsersCreated} demo users (${demoUsers.map((u) => u.email).join(", ")}), password "${demoPassword}". Demo only: change them with \`npx c360 users set-password\`.`,
          );
        }
        if (result.seeded) {
          io.stdout(
            `c360: the database was empty, so it now holds demo customers: ${result.seeded.records} records -> ${result.seeded.resolution.profiles} profiles, ${result.seeded.interactions} interactions.`,
          );
        }
        if (result.governance) {
          io.stdout(
            `c360: demo governance: ${result.governance.terms} glossary terms (${result.governance.linked} links to golden attributes), a first quality run, ${result.governance.issuesAssigned} issues assigned to steward@example.com.`,
          );
        }
        return 0;
      },
      { io, checkMigrations: false },
    );
  },
};
