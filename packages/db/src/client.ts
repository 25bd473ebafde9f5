// Opens the c360 database: embedded PGlite in C360_DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
import { mkdirSync } from "node:fs";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js/session";
import { readDatabaseEnv, resolveDataDir } from "./env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath; queries written against it run on both. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseDriver = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Where the data lives, without credentials: a folder for PGlite, host/database for PostgreSQL. */
  location: string;
  close: () => Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string;
  /** Folder for the embedded database; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  maxConnections?: number;
}

/** A connection problem the user can fix, reported as one line (no stack trace, no password). */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the DATABASE_URL";
  }
}

/**
 * Every c360 session's settings. A GIN index's fast-update pending list is scanned whole by every search until it is
 * merged, and by default it grows to 4 MB: at a million profiles, the trigram indexes' list after a few thousand
 * profile updates made a surname search ~20x slower (13 ms to ~280 ms). 64 kB keeps that scan to a few pages; a
 * writer merges more often, in small batches (~0.1 ms more per profile update). Bulk writers raise it for their
 * own transaction and merge the list when they are done (resolveFull).
 */
export const sessionSettings = { gin_pending_list_limit: "64kB" } as const;

type PostgresClient = import("postgres").Sql;

/**
 * The client as drizzle gets it, with every statement prepared. drizzle asks postgres.js not to prepare a query it
 * was not given a name for (every `db.execute`, every query builder call), and postgres.js then sends each
 * parameterized statement in two round trips (parse and describe, then bind and execute) and PostgreSQL parses and
 * plans it every time. Prepared, a statement already sent on a connection is one round trip and its plan is reused.
 * Transactions and savepoints hand drizzle a client of their own: those are wrapped too.
 */
export function preparingEveryStatement(client: PostgresClient): PostgresClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, parameters as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const work = args.pop() as (inner: PostgresClient) => unknown;
          const method = Reflect.get(target, property, target) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (inner: PostgresClient) =>
            work(preparingEveryStatement(inner)),
          );
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

async function openPostgres(url: string, maxConnections: number): Promise<DatabaseHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const location = describePostgresUrl(url);
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    connect_timeout: 10,
    // Prepared statements are cached per connection (and drizzle's requests are made to prepare them too, below).
    prepare: true,
    connection: sessionSettings,
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${location} (${reason}). Check DATABASE_URL, or unset it to use the embedded database.`,
    );
  }
  const db = drizzle(preparingEveryStatement(client), { schema }) as unknown as Database;
  return { db, driver: "postgres", location, close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dataDir.startsWith("memory://");
  const location = dataDir;
  if (!inMemory) mkdirSync(location, { recursive: true });
  let client;
  try {
    client = await PGlite.create(inMemory ? dataDir : location, { extensions: { pg_trgm } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in ${location} (${reason}). Is another c360 process using it? Stop it, or set C360_DATA_DIR to another folder.`,
    );
  }
  await client.exec(
    Object.entries(sessionSettings)
      .map(([name, value]) => `set ${name} = '${value}';`)
      .join("\n"),
  );
  const db = drizzle(client, { schema }) as unknown as Database;
  return { db, driver: "pglite", location, close: () => client.close() };
}

/** Opens the database named by the options, or by DATABASE_URL / C360_DATA_DIR. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const env = options.url || options.dataDir ? null : readDatabaseEnv();
  const url = options.url ?? env?.DATABASE_URL;
  if (url) return openPostgres(url, options.maxConnections ?? 10);
  return openPglite(resolveDataDir(options.dataDir ?? env?.C360_DATA_DIR));
}

/** Runs raw SQL and returns its rows, hiding the drivers' different result shapes. */
/**
 * Runs work in one transaction, handing it the transaction as a Database: drizzle types a transaction apart from
 * the database it came from, although every query function of c360 takes either. The one place that cast lives.
 */
export function inTransaction<T>(
  db: Database,
  work: (tx: Database) => Promise<T>,
  config?: Parameters<Database["transaction"]>[1],
): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database), config);
}

export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

/** What pipelinedTransaction's work returns: its result, and the statements to send with COMMIT. */
export interface PipelinedWork<T> {
  result: T;
  /** Data-modifying statements sent in the same round trip as COMMIT; their rows are not returned. */
  closing?: readonly SQL[];
}

type ReservableClient = PostgresClient & { reserve: () => Promise<PostgresClient & { release: () => void }> };

function reservableClient(db: Database): ReservableClient | null {
  const client = (db as unknown as { $client?: { reserve?: unknown } }).$client;
  return client && typeof client.reserve === "function" ? (client as ReservableClient) : null;
}

/** The first failure of statements sent together, in the order they were sent (later ones fail because of it). */
function firstFailure(settled: readonly PromiseSettledResult<unknown>[]): unknown {
  return settled.find((s): s is PromiseRejectedResult => s.status === "rejected")?.reason;
}

/**
 * A transaction in two round trips besides what `work` itself asks: on PostgreSQL the `opening` statements go with
 * BEGIN and the `closing` ones with COMMIT, pipelined on one reserved connection, instead of BEGIN, each statement
 * and COMMIT each waiting for the one before. PostgreSQL runs them in order and each statement takes its snapshot
 * when it starts, so an advisory lock opened with BEGIN is held before the next opening statement reads anything.
 * A failed statement aborts the transaction: the statements after it fail, the COMMIT sent with them rolls back,
 * and the first failure is thrown. Returns `opening`'s rows to `work`, which runs between the two round trips
 * with the transaction as its database.
 *
 * On PGlite (one connection, no pipelining) and inside another transaction (a savepoint), it is an ordinary
 * transaction running the same statements one after the other.
 */
export async function pipelinedTransaction<T>(
  db: Database,
  opening: readonly SQL[],
  work: (tx: Database, opened: Record<string, unknown>[][]) => Promise<PipelinedWork<T>>,
): Promise<T> {
  const client = reservableClient(db);
  if (!client) {
    return db.transaction(async (tx) => {
      const opened: Record<string, unknown>[][] = [];
      for (const statement of opening) opened.push(await queryRows(tx, statement));
      const { result, closing = [] } = await work(tx, opened);
      for (const statement of closing) await tx.execute(statement);
      return result;
    });
  }
  const connection = await client.reserve();
  const { dialect } = sessionPartsOf(db);
  // Sent here, synchronously and in this order (postgres.js queries start only when asked to, and drizzle's own
  // execute starts them a few promise turns later): BEGIN must reach the server before what runs inside it.
  const send = (statement: SQL) => {
    const query = dialect.sqlToQuery(statement);
    return connection
      .unsafe(query.sql, query.params as never[], { prepare: true })
      .execute() as unknown as Promise<Record<string, unknown>[]>;
  };
  try {
    // Every promise is settled before anything is thrown: a rejection left unobserved would end the process.
    const begun = await Promise.allSettled([connection.unsafe("begin").execute(), ...opening.map(send)]);
    let done: PipelinedWork<T>;
    try {
      const failure = firstFailure(begun);
      if (failure !== undefined) throw failure as Error;
      const opened = begun
        .slice(1)
        .map((s) => [...(s as PromiseFulfilledResult<Record<string, unknown>[]>).value]);
      done = await work(transactionOn(db, preparingEveryStatement(withSavepoints(connection))), opened);
    } catch (error) {
      await connection.unsafe("rollback").catch(() => {});
      throw error;
    }
    const ended = await Promise.allSettled([
      ...(done.closing ?? []).map(send),
      connection.unsafe("commit").execute(),
    ]);
    const failure = firstFailure(ended);
    if (failure !== undefined) throw failure as Error;
    return done.result;
  } finally {
    connection.release();
  }
}

/**
 * Savepoints on a reserved connection, as postgres.js gives them inside its own transactions: drizzle's nested
 * `tx.transaction(...)` asks the connection for them.
 */
function withSavepoints<C extends PostgresClient>(connection: C): C {
  let count = 0;
  const savepoint = async <R>(work: (inner: C) => Promise<R>): Promise<R> => {
    const name = `pipelined_${++count}`;
    await connection.unsafe(`savepoint ${name}`);
    try {
      const result = await work(connection);
      await connection.unsafe(`release savepoint ${name}`);
      return result;
    } catch (error) {
      await connection.unsafe(`rollback to savepoint ${name}`);
      throw error;
    }
  };
  return Object.assign(connection, { savepoint });
}

type SessionParts = ConstructorParameters<typeof PostgresJsSession>;

/** What drizzle keeps on a database's session (protected in its types), and a transaction's session copies. */
function sessionPartsOf(db: Database) {
  return (
    db as unknown as {
      session: { dialect: SessionParts[1]; schema: SessionParts[2]; options: SessionParts[3] };
    }
  ).session;
}

/** A drizzle database whose statements run on one reserved connection, as drizzle's own transactions are built. */
function transactionOn(db: Database, connection: PostgresClient): Database {
  const parent = sessionPartsOf(db);
  const session = new PostgresJsSession(connection, parent.dialect, parent.schema, parent.options);
  return new PostgresJsTransaction(parent.dialect, session as never, parent.schema) as unknown as Database;
}
