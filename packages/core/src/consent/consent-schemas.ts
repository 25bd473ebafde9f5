// Inputs of the consent domain: purposes, notice versions, consent events (API, import, steward) and reads.
import { z } from "zod";

export const consentStatuses = ["given", "refused", "withdrawn", "expired"] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const legalBases = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interest",
  "public_task",
  "legitimate_interest",
] as const;
export type LegalBasis = (typeof legalBases)[number];

/** Contact channels a purpose or an event can be about. '' (or none) = not channel-specific. */
export const consentChannels = ["email", "sms", "phone", "post", "push", "web", "in_app"] as const;

const purposeKey = z
  .string({ error: "Give the purpose key, e.g. marketing.email." })
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    "A purpose key is dotted lower-case words, e.g. marketing.email or sharing.third_party.",
  )
  .max(100);
const channel = z.enum(consentChannels, { error: `Use one of the channels ${consentChannels.join(", ")}.` });
const noticeKey = z
  .string({ error: "Give the notice a key, e.g. newsletter-signup." })
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    "A notice key is lower-case letters, digits and dashes, e.g. newsletter-signup.",
  )
  .max(100);

export const createPurposeInput = z.object({
  key: purposeKey,
  name: z.string().trim().min(1, "Give the purpose a name.").max(200),
  description: z.string().trim().max(5000).default(""),
  channel: channel.nullable().default(null),
  legalBasis: z
    .enum(legalBases, { error: `Use one of the legal bases ${legalBases.join(", ")}.` })
    .default("consent"),
});
export type CreatePurposeInput = z.input<typeof createPurposeInput>;

/** The key and channel stay: events already speak of them. */
export const updatePurposeInput = z.object({
  purposeId: z.uuid(),
  name: z.string().trim().min(1, "Give the purpose a name.").max(200).optional(),
  description: z.string().trim().max(5000).optional(),
  legalBasis: z.enum(legalBases).optional(),
});
export type UpdatePurposeInput = z.input<typeof updatePurposeInput>;

export const publishNoticeInput = z.object({
  /** A new notice (version 1) under this key, or, when the key exists, its next version. */
  noticeKey,
  purposeKey,
  title: z.string().trim().min(1, "Give the notice a title.").max(300),
  body: z.string().trim().min(1, "Write the text the person is shown.").max(50_000),
});
export type PublishNoticeInput = z.input<typeof publishNoticeInput>;

const dateInput = (what: string) =>
  z.preprocess(
    (value) =>
      typeof value === "string" && value.trim() !== "" ? new Date(value) : value === "" ? undefined : value,
    z
      .date({ error: `${what} must be a date and time, e.g. 2026-03-01T10:00:00Z.` })
      .refine((d) => !Number.isNaN(d.getTime()), `${what} must be a valid date and time.`),
  );

export const consentSubjectInput = z
  .object({
    profileId: z.uuid("profileId must be a profile id (a UUID).").optional(),
    email: z.string().trim().max(320).optional(),
    phone: z.string().trim().max(50).optional(),
    externalIds: z
      .array(z.object({ source: z.string().trim().min(1).max(100), id: z.string().trim().min(1).max(200) }))
      .max(20)
      .optional(),
  })
  .refine(
    (s) => s.profileId || s.email || s.phone || s.externalIds?.length,
    "Say whose consent it is: a profileId, email, phone or externalIds.",
  );
export type ConsentSubjectInput = z.input<typeof consentSubjectInput>;

export const consentEventInput = z.object({
  subject: consentSubjectInput,
  purpose: purposeKey,
  /** Defaults to the purpose's channel; '' for consent that is not channel-specific. */
  channel: z.union([channel, z.literal("")]).optional(),
  status: z.enum(consentStatuses, { error: `status must be one of ${consentStatuses.join(", ")}.` }),
  notice: z
    .object({ key: noticeKey, version: z.coerce.number().int().min(1, "A notice version is 1 or more.") })
    .optional(),
  method: z
    .string()
    .trim()
    .regex(
      /^[a-z][a-z0-9_]*$/,
      "method is a lower-case word such as web_form, api, import, steward, email_link.",
    )
    .max(50)
    .default("api"),
  origin: z.string().trim().max(2000).optional(),
  userAgent: z.string().trim().max(1000).optional(),
  capturedAt: dateInput("capturedAt").optional(),
  effectiveAt: dateInput("effectiveAt").optional(),
  expiresAt: dateInput("expiresAt").optional(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
});
export type ConsentEventInput = z.input<typeof consentEventInput>;
export type ParsedConsentEvent = z.output<typeof consentEventInput>;

/** A steward's give or withdraw for a profile in the portal: one action either way. */
export const stewardConsentInput = z.object({
  profileId: z.uuid(),
  purposeKey,
  channel: z.union([channel, z.literal("")]).optional(),
  status: z.enum(["given", "withdrawn", "refused"]),
  notice: z.object({ key: noticeKey, version: z.number().int().min(1) }).optional(),
  /** How the person told us: a phone call, a letter, in store. Kept as the event's origin. */
  note: z.string().trim().max(500).optional(),
});
export type StewardConsentInput = z.input<typeof stewardConsentInput>;

export const profileIdInput = z.object({ profileId: z.uuid() });

export const importConsentInput = z.object({
  text: z.string().min(1, "The file is empty.").max(20_000_000, "Split the file: keep it under 20 MB."),
  format: z.enum(["csv", "json"]),
  fileName: z.string().trim().max(300).optional(),
});
export type ImportConsentInput = z.input<typeof importConsentInput>;
