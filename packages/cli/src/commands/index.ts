// The registry of `c360` sub-commands, in the order `c360 --help` lists them.
import type { Command } from "../command";
import { consentCommand } from "./consent";
import { importCommand } from "./import";
import { eventsCommand } from "./events";
import { exportCommand } from "./export";
import { matchCommand } from "./match";
import { mcpCommand } from "./mcp";
import { predictCommand } from "./predict";
import { qualityCommand } from "./quality";
import { resolveCommand } from "./resolve";
import { seedCommand } from "./seed";
import { setupCommand } from "./setup";
import { tokensCommand } from "./tokens";
import { triggersCommand } from "./triggers";
import { usersCommand } from "./users";

export const commands: Command[] = [
  setupCommand,
  usersCommand,
  matchCommand,
  importCommand,
  eventsCommand,
  resolveCommand,
  exportCommand,
  seedCommand,
  qualityCommand,
  consentCommand,
  triggersCommand,
  tokensCommand,
  mcpCommand,
  predictCommand,
];
