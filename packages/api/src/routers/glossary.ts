// Glossary: everyone signed in reads terms; governance leads (glossary:write) propose, review, link and import.
import { createTerm } from "@c360/core/glossary/create-term";
import { getTerm } from "@c360/core/glossary/get-term";
import {
  createTermInput,
  decideTermInput,
  deprecateTermInput,
  importTermsInput,
  linkTermInput,
  listTermsInput,
  proposeTermChangeInput,
  termIdInput,
  termRefInput,
} from "@c360/core/glossary/glossary-schemas";
import { linkTermToAsset, unlinkTermFromAsset } from "@c360/core/glossary/link-term";
import { listTerms } from "@c360/core/glossary/list-terms";
import { proposeTermChange } from "@c360/core/glossary/propose-term-change";
import { decideTerm, deprecateTerm, submitTerm } from "@c360/core/glossary/review-term";
import { exportTermsCsv, importTermsCsv } from "@c360/core/glossary/terms-csv";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const read = () => procedureFor("authenticated");
const write = () => procedureFor("glossary:write");

export const glossaryRouter = {
  listTerms: read()
    .input(listTermsInput.optional())
    .query(({ ctx, input }) => listTerms(ctx.db, input)),
  getTerm: read()
    .input(termRefInput)
    .query(({ ctx, input }) => getTerm(ctx.db, input.idOrSlug)),
  exportCsv: read().query(({ ctx }) => exportTermsCsv(ctx.db)),
  createTerm: write()
    .input(createTermInput)
    .mutation(({ ctx, input }) => createTerm(ctx.db, ctx.actor, input)),
  proposeChange: write()
    .input(proposeTermChangeInput)
    .mutation(({ ctx, input }) => proposeTermChange(ctx.db, ctx.actor, input)),
  submitTerm: write()
    .input(termIdInput)
    .mutation(({ ctx, input }) => submitTerm(ctx.db, ctx.actor, input)),
  decideTerm: write()
    .input(decideTermInput)
    .mutation(({ ctx, input }) => decideTerm(ctx.db, ctx.actor, input)),
  deprecateTerm: write()
    .input(deprecateTermInput)
    .mutation(({ ctx, input }) => deprecateTerm(ctx.db, ctx.actor, input)),
  linkAsset: write()
    .input(linkTermInput)
    .mutation(({ ctx, input }) => linkTermToAsset(ctx.db, ctx.actor, input)),
  unlinkAsset: write()
    .input(linkTermInput)
    .mutation(({ ctx, input }) => unlinkTermFromAsset(ctx.db, ctx.actor, input)),
  importCsv: write()
    .input(importTermsInput)
    .mutation(({ ctx, input }) => importTermsCsv(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
