// Consent: purposes, notice versions, a profile's consent (grid and ledger), steward entry and file import.
// Everything here is governance work: consent:write. Core validates, attributes and audits.
import {
  createPurposeInput,
  importConsentInput,
  profileIdInput,
  publishNoticeInput,
  stewardConsentInput,
  updatePurposeInput,
} from "@c360/core/consent/consent-schemas";
import { getConsentOverview, getProfileConsent } from "@c360/core/consent/get-profile-consent";
import { importConsentText } from "@c360/core/consent/import-consent-events";
import { publishNotice } from "@c360/core/consent/manage-notices";
import {
  createPurpose,
  ensureStandardPurposes,
  listPurposes,
  updatePurpose,
} from "@c360/core/consent/manage-purposes";
import { recordStewardConsent } from "@c360/core/consent/record-steward-consent";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

const consent = () => procedureFor("consent:write");

export const consentRouter = {
  overview: consent().query(({ ctx }) => getConsentOverview(ctx.db)),
  purposes: consent().query(({ ctx }) => listPurposes(ctx.db)),
  createPurpose: consent()
    .input(createPurposeInput)
    .mutation(({ ctx, input }) => createPurpose(ctx.db, ctx.actor, input)),
  updatePurpose: consent()
    .input(updatePurposeInput)
    .mutation(({ ctx, input }) => updatePurpose(ctx.db, ctx.actor, input)),
  addStandardPurposes: consent().mutation(({ ctx }) => ensureStandardPurposes(ctx.db, ctx.actor)),
  publishNotice: consent()
    .input(publishNoticeInput)
    .mutation(({ ctx, input }) => publishNotice(ctx.db, ctx.actor, input)),
  profile: consent()
    .input(profileIdInput)
    .query(({ ctx, input }) => getProfileConsent(ctx.db, ctx.actor, input.profileId)),
  record: consent()
    .input(stewardConsentInput)
    .mutation(({ ctx, input }) => recordStewardConsent(ctx.db, ctx.actor, input)),
  importEvents: consent()
    .input(importConsentInput)
    .mutation(({ ctx, input }) => importConsentText(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
