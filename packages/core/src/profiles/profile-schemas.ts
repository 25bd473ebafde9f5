// Inputs of the profile reads (search, view, timeline), shared by the API and the portal.
import { z } from "zod";

export const timelineChannels = [
  "purchase",
  "ticket",
  "email",
  "web",
  "call",
  "sms",
  "chat",
  "store",
  "other",
] as const;
export type TimelineChannel = (typeof timelineChannels)[number];

export const searchProfilesInput = z.object({
  /** A name, email, phone, profile id or a source record's external id; empty lists every profile. */
  query: z.string().trim().max(200, "Search for at most 200 characters.").default(""),
  /** Source system name: only profiles with a member record from it. */
  source: z.string().trim().max(100).optional(),
  city: z.string().trim().max(100).optional(),
  /** Only profiles with (true) or without (false) an open match review task. */
  hasOpenReview: z.boolean().optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type SearchProfilesInput = z.input<typeof searchProfilesInput>;

export const getProfileViewInput = z.object({
  id: z.uuid("A profile id is a UUID."),
});
export type GetProfileViewInput = z.input<typeof getProfileViewInput>;

export const listProfileTimelineInput = z.object({
  profileId: z.uuid("A profile id is a UUID."),
  channels: z.array(z.enum(timelineChannels)).max(timelineChannels.length).optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export type ListProfileTimelineInput = z.input<typeof listProfileTimelineInput>;
