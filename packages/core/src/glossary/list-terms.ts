// Finds glossary terms by name, synonym or definition (trigram similarity ranks the closest names first).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { parseInput } from "../parse-input";
import { listTermsInput, type ListTermsInput, type TermStatus } from "./glossary-schemas";

export interface TermSummary {
  id: string;
  name: string;
  slug: string;
  definition: string;
  synonyms: string[];
  domain: string | null;
  status: TermStatus;
  classification: string[];
  ownerEmail: string | null;
  linkedAssets: number;
  updatedAt: Date;
}

export async function listTerms(db: Database, input: ListTermsInput = {}): Promise<TermSummary[]> {
  const data = parseInput(listTermsInput, input);
  const q = data.query?.toLowerCase() ?? "";
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.id::text as id, t.name, t.slug, t.definition, t.synonyms, t.domain, t.status::text as status,
               t.classification, u.email as owner_email, t.updated_at,
               (select count(*) from glossary_term_links l where l.term_id = t.id)::int as linked_assets
          from glossary_terms t left join users u on u.id = t.owner_id
         where (${q} = '' or lower(t.name) like ${like} or lower(t.definition) like ${like}
                or lower(array_to_string(t.synonyms, ' ')) like ${like} or t.name % ${q})
           and (${data.status ?? null}::text is null or t.status::text = ${data.status ?? null})
           and (${data.domain ?? null}::text is null or t.domain = ${data.domain ?? null})
         order by case when ${q} = '' then 0 else similarity(lower(t.name), ${q}) end desc, lower(t.name)
         limit ${data.limit}`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    slug: r.slug as string,
    definition: r.definition as string,
    synonyms: (r.synonyms as string[]) ?? [],
    domain: (r.domain as string | null) ?? null,
    status: r.status as TermStatus,
    classification: (r.classification as string[]) ?? [],
    ownerEmail: (r.owner_email as string | null) ?? null,
    linkedAssets: Number(r.linked_assets),
    updatedAt: new Date(r.updated_at as string),
  }));
}
