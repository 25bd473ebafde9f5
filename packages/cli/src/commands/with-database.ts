// Opens the configured database for a command and always closes it, so the embedded database is released.
import { openDatabase, type DatabaseHandle } from "@c360/db/client";

export async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}
