// The trained match model lives in the database, so the batch run, the real-time path and every process share it.
import type { Database } from "@c360/db/client";
import { matchModels } from "@c360/db/schema";
import { loadModel, saveModel, type MatchModel } from "@c360/matching";
import { and, desc, eq, sql } from "drizzle-orm";

export const modelName = "customer";

export interface StoredModel {
  id: string;
  version: number;
  model: MatchModel;
  trainedAt: Date;
}

export async function loadActiveModel(db: Database): Promise<StoredModel | null> {
  const [row] = await db
    .select()
    .from(matchModels)
    .where(and(eq(matchModels.name, modelName), eq(matchModels.active, true)))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    version: row.version,
    trainedAt: row.trainedAt,
    model: loadModel(JSON.stringify(row.model)),
  };
}

/** Stores a newly trained model as the next version and makes it the active one, atomically. */
export async function activateNewModel(
  db: Database,
  model: MatchModel,
  metrics: Record<string, unknown>,
): Promise<StoredModel> {
  return db.transaction(async (tx) => {
    // Serialise concurrent trainings: the version number and the single active row must not race.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('c360.match_models'))`);
    const [latest] = await tx
      .select({ version: matchModels.version })
      .from(matchModels)
      .where(eq(matchModels.name, modelName))
      .orderBy(desc(matchModels.version))
      .limit(1);
    await tx
      .update(matchModels)
      .set({ active: false })
      .where(and(eq(matchModels.name, modelName), eq(matchModels.active, true)));
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx
      .insert(matchModels)
      .values({
        name: modelName,
        version,
        model: JSON.parse(saveModel(model)) as Record<string, unknown>,
        metrics,
        active: true,
      })
      .returning();
    return { id: row!.id, version, trainedAt: row!.trainedAt, model };
  });
}
