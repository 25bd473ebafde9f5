// `c360 users`: list accounts, add one, change a password, disable or enable, from the command line.
import { roles } from "@c360/auth/permissions";
import { systemActor } from "@c360/core/actor";
import {
  createUser,
  findUserByEmail,
  listUsers,
  setUserPassword,
  updateUser,
} from "@c360/core/users/manage-users";
import { UsageError, type Command } from "../command";
import { parseFlags } from "../flags";
import { withDatabase } from "./with-database";

async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError(
      "pipe the new password on standard input, e.g. `printf '%s' \"$PW\" | c360 users ...`",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (!password) throw new UsageError("no password arrived on standard input");
  return password;
}

export const usersCommand: Command = {
  name: "users",
  summary: "list users, add one, set a password, disable or enable an account",
  usage: [
    "c360 users list",
    "       c360 users add --email E --name N --role ROLE   (password on standard input)",
    "       c360 users set-password --email E                (password on standard input)",
    "       c360 users disable|enable --email E",
  ].join("\n"),
  async run(args, io) {
    const [action, ...rest] = args;
    const flags = parseFlags(rest, ["email", "name", "role"]);
    const actor = systemActor("cli");
    return withDatabase(
      async ({ db }) => {
        const requireUser = async () => {
          if (!flags.email) throw new UsageError("--email is required");
          const user = await findUserByEmail(db, flags.email);
          if (!user) throw new UsageError(`no user with the email ${flags.email}`);
          return user;
        };
        switch (action) {
          case "list":
            for (const user of await listUsers(db))
              io.stdout(`${user.email}\t${user.role}\t${user.active ? "active" : "disabled"}\t${user.name}`);
            return 0;
          case "add": {
            if (!flags.role || !(roles as readonly string[]).includes(flags.role))
              throw new UsageError(`--role must be one of ${roles.join(", ")}`);
            const user = await createUser(db, actor, {
              email: flags.email ?? "",
              name: flags.name ?? flags.email ?? "",
              role: flags.role as (typeof roles)[number],
              password: await readPasswordFromStdin(),
            });
            io.stdout(`c360: added ${user.email} as ${user.role}.`);
            return 0;
          }
          case "set-password": {
            const user = await requireUser();
            await setUserPassword(db, actor, { userId: user.id, password: await readPasswordFromStdin() });
            io.stdout(`c360: password changed for ${user.email}.`);
            return 0;
          }
          case "disable":
          case "enable": {
            const user = await requireUser();
            await updateUser(db, actor, { userId: user.id, active: action === "enable" });
            io.stdout(`c360: ${user.email} ${action}d.`);
            return 0;
          }
          default:
            throw new UsageError(action ? `unknown action "${action}"` : "name an action");
        }
      },
      { io },
    );
  },
};
