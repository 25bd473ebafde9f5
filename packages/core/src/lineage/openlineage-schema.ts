// The part of the OpenLineage RunEvent (spec 2-0-2) c360 reads, validated before anything is stored: job, run,
// input and output datasets, and the columnLineage dataset facet. Unknown facets pass through untouched.
import { z } from "zod";

const nonEmpty = (what: string) => z.string({ error: `${what} is required` }).min(1, `${what} is required`);

const transformation = z.object({
  type: nonEmpty("type"),
  subtype: z.string().optional(),
  description: z.string().optional(),
  masking: z.boolean().optional(),
});

const inputField = z.object({
  namespace: nonEmpty("namespace"),
  name: nonEmpty("name"),
  field: nonEmpty("field"),
  transformations: z.array(transformation).optional(),
});

export const columnLineageFacet = z
  .object({
    fields: z.record(
      z.string().min(1),
      z.object({
        inputFields: z.array(inputField, { error: "inputFields must be a list of {namespace, name, field}" }),
        transformationDescription: z.string().optional(),
        transformationType: z.string().optional(),
      }),
      { error: "fields must map each output column to its inputFields" },
    ),
    dataset: z.array(inputField).optional(),
  })
  .loose();

/** c360's own dataset facet: says which kind of catalog asset an output is (an export, a dashboard...). */
export const c360AssetFacet = z
  .object({ kind: z.enum(["dataset", "export", "segment", "dashboard"]) })
  .loose();

const dataset = z.object({
  namespace: nonEmpty("namespace"),
  name: nonEmpty("name"),
  facets: z
    .object({
      columnLineage: columnLineageFacet.optional(),
      schema: z
        .object({
          fields: z.array(z.object({ name: nonEmpty("name"), type: z.string().optional() }).loose()),
        })
        .loose()
        .optional(),
      c360Asset: c360AssetFacet.optional(),
    })
    .loose()
    .optional(),
});

export const openLineageRunEvent = z.object({
  eventType: z.enum(["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]).optional(),
  eventTime: z.iso.datetime({
    offset: true,
    error: "eventTime must be an ISO 8601 date-time with a time zone",
  }),
  run: z.object({
    runId: z.uuid({ error: "runId must be a UUID" }),
    facets: z.record(z.string(), z.unknown()).optional(),
  }),
  job: z.object({
    namespace: nonEmpty("namespace"),
    name: nonEmpty("name"),
    facets: z.record(z.string(), z.unknown()).optional(),
  }),
  inputs: z.array(dataset).default([]),
  outputs: z.array(dataset).default([]),
  producer: z.url({ error: "producer must be a URI naming the software that sent the event" }),
  schemaURL: z.url({ error: "schemaURL must be the URL of the OpenLineage schema version" }),
});
export type OpenLineageRunEvent = z.output<typeof openLineageRunEvent>;

/** Names each invalid field by its path, e.g. `outputs.0.facets.columnLineage.fields.email.inputFields: ...`. */
export function describeOpenLineageIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "(event)", message: issue.message }));
}
