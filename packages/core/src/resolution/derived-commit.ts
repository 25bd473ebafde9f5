// Commits of derived data that do not wait for their WAL to reach disk (decision 0004, "Derived data commits
// without waiting for the disk").
import { sql } from "drizzle-orm";

/**
 * Sent as a transaction's first statement where what the transaction writes can be derived again from what is
 * already durable:
 * - a real-time decision, from records the import committed durably: a record whose stored version was left
 *   undecided (no profile, or source_records.resolved_version behind) is decided by the worker's pending sweep
 *   (resolve-pending.ts) or by the import resuming its batch;
 * - a golden refresh, from the members: its queue rows are deleted in the same transaction, so a lost refresh is still
 *   queued.
 * Only a crash of the PostgreSQL server (not of this process) can lose such a commit: at most the last three rounds of
 * the WAL writer (600 ms by default), whole and in order, since a later durable commit flushes every earlier one.
 * In exchange the commit does not wait for the disk flush of other transactions' WAL, where the decisions' latency
 * tail was (decision 0004).
 */
export const derivedDataCommit = sql`set local synchronous_commit = off`;
