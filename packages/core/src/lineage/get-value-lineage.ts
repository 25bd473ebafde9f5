// Value lineage: from one profile's golden value to the source record it came from, the rule that chose it, the
// values it beat, and the catalog path (source column -> standardized field -> golden attribute) it travelled.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { goldenAttributes, sourceRecords, sources } from "@c360/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../errors";
import { goldenCandidatesOf } from "../profiles/build-golden-attributes";
import { loadGoldenMembers } from "../profiles/load-golden-members";
import { maskGoldenValue } from "../profiles/mask-pii";
import { platformNames } from "../catalog/catalog-schemas";
import { parseInput } from "../parse-input";
import { valueLineageInput, type ValueLineageInput } from "./lineage-schemas";

export interface ValueLineage {
  profileId: string;
  attribute: string;
  value: unknown;
  rule: string;
  decidedAt: Date;
  source: {
    recordId: string;
    sourceName: string;
    externalId: string;
    columns: { column: string; rawValue: unknown }[];
  } | null;
  candidates: {
    value: unknown;
    sourceRecordId: string;
    sourceName: string | null;
    externalId: string | null;
    chosen: boolean;
  }[];
  /** Catalog assets the value flowed through, source column first. */
  path: { qualifiedName: string; kind: string; assetId: string | null }[];
}

/** maskPii: for callers without profile:pii, values are masked as on the profile page; the path stays exact. */
export async function getValueLineage(
  db: Database,
  input: ValueLineageInput,
  options: { maskPii?: boolean } = {},
): Promise<ValueLineage> {
  const data = parseInput(valueLineageInput, input);
  const shown = (value: unknown) => (options.maskPii ? maskGoldenValue(data.attribute, value) : value);
  const [golden] = await db
    .select()
    .from(goldenAttributes)
    .where(
      and(eq(goldenAttributes.profileId, data.profileId), eq(goldenAttributes.attribute, data.attribute)),
    );
  if (!golden) throw new AppError("NOT_FOUND", `Profile ${data.profileId} has no golden ${data.attribute}.`);
  // The values it beat are the members' own, read from them (they are not stored with the golden value).
  const members = (await loadGoldenMembers(db, [data.profileId])).get(data.profileId) ?? [];
  const competing = goldenCandidatesOf(members).get(data.attribute) ?? [];
  const candidateIds = [
    ...new Set(
      [golden.sourceRecordId, ...competing.map((c) => c.sourceRecordId)].filter((v): v is string => !!v),
    ),
  ];
  const records = candidateIds.length
    ? await db
        .select({
          id: sourceRecords.id,
          externalId: sourceRecords.externalId,
          raw: sourceRecords.raw,
          sourceName: sources.name,
          mapping: sources.fieldMapping,
        })
        .from(sourceRecords)
        .innerJoin(sources, eq(sources.id, sourceRecords.sourceId))
        .where(inArray(sourceRecords.id, candidateIds))
    : [];
  const chosen = records.find((r) => r.id === golden.sourceRecordId) ?? null;
  // The source columns that feed this attribute: renamed by the mapping, or already named canonically.
  const columns = chosen
    ? Object.keys(chosen.raw as Record<string, unknown>)
        .filter((column) => (chosen.mapping[column] ?? column) === data.attribute)
        .map((column) => ({ column, rawValue: shown((chosen.raw as Record<string, unknown>)[column]) }))
    : [];
  const names = [
    ...(chosen && columns[0] ? [platformNames.sourceColumn(chosen.sourceName, columns[0].column)] : []),
    platformNames.standardizedField(data.attribute),
    platformNames.goldenAttribute(data.attribute),
  ];
  const assets = await queryRows<{ id: string; qualified_name: string; kind: string }>(
    db,
    sql`select id::text as id, qualified_name, kind::text as kind from catalog_assets where qualified_name in ${names}`,
  );
  return {
    profileId: data.profileId,
    attribute: data.attribute,
    value: shown(golden.value),
    rule: golden.rule,
    decidedAt: golden.decidedAt,
    source: chosen
      ? { recordId: chosen.id, sourceName: chosen.sourceName, externalId: chosen.externalId, columns }
      : null,
    candidates: competing.map((c) => {
      const record = records.find((r) => r.id === c.sourceRecordId);
      return {
        value: shown(c.value),
        sourceRecordId: c.sourceRecordId,
        sourceName: c.sourceName,
        externalId: record?.externalId ?? null,
        chosen: c.sourceRecordId === golden.sourceRecordId,
      };
    }),
    path: names.map((qualifiedName) => {
      const asset = assets.find((a) => a.qualified_name === qualifiedName);
      return { qualifiedName, kind: asset?.kind ?? "unregistered", assetId: asset?.id ?? null };
    }),
  };
}
