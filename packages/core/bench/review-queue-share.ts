// The review queue of a database as a share of its profiles: open tasks, profiles with one, decided households.
// Usage: C360_DATA_DIR=DIR npx tsx bench/review-queue-share.ts (or DATABASE_URL=...)
import { openDatabase, queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

const handle = await openDatabase();
const [row] = await queryRows<{
  profiles: number;
  open_tasks: number;
  with_task: number;
  households: number;
}>(
  handle.db,
  sql`select (select count(*)::int from profiles where status = 'active') as profiles,
    (select count(*)::int from review_tasks where status = 'open') as open_tasks,
    (select count(distinct p)::int from review_tasks, unnest(profile_ids) as p where status = 'open') as with_task,
    (select count(*)::int from relationships where kind = 'household') as households`,
);
console.log(
  `${row!.profiles} profiles, ${row!.open_tasks} open review tasks on ${row!.with_task} profiles (${((100 * row!.with_task) / row!.profiles).toFixed(1)} %), ${row!.households} household relationships`,
);
await handle.close();
