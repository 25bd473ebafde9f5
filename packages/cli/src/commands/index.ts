// The registry of `c360` sub-commands, in the order `c360 --help` lists them.
import type { Command } from "../command";
import { matchCommand } from "./match";
import { setupCommand } from "./setup";
import { usersCommand } from "./users";

export const commands: Command[] = [setupCommand, usersCommand, matchCommand];
