import { describe, expect, it } from "vitest";
import { channelOfEvent } from "./channel-of-event";
import {
  deriveMessageId,
  isRejection,
  MAX_EVENT_BYTES,
  parseEventMessage,
  type ParsedEvent,
} from "./parse-event-message";

const now = new Date("2026-06-01T12:00:00Z");
function ok(raw: unknown, options = {}): ParsedEvent {
  const parsed = parseEventMessage(raw, { now, ...options });
  if (isRejection(parsed)) throw new Error(parsed.reason);
  return parsed;
}
function reason(raw: unknown, options = {}): string {
  const parsed = parseEventMessage(raw, { now, ...options });
  if (!isRejection(parsed)) throw new Error("expected a rejection");
  return parsed.reason;
}

describe("parseEventMessage", () => {
  it("reads a track message with its ids, standardized email and amount", () => {
    const e = ok({
      type: "track",
      messageId: "m1",
      userId: 42,
      anonymousId: "a1",
      event: "Order Completed",
      properties: { revenue: "19.90", currency: "usd" },
      context: { traits: { email: " Bob@Example.COM", phone: "(415) 555-0100" } },
      timestamp: "2026-05-01T10:00:00Z",
    });
    expect(e).toMatchObject({
      messageId: "m1",
      messageIdDerived: false,
      type: "track",
      event: "Order Completed",
      userId: "42",
      anonymousId: "a1",
      email: "bob@example.com",
      phone: "+14155550100",
      amount: "19.9",
      currency: "USD",
    });
    expect(e.occurredAt.toISOString()).toBe("2026-05-01T10:00:00.000Z");
  });

  it("corrects the client's clock with sentAt and the time it was received", () => {
    // The device's clock is an hour fast: it sent at 11:00 by its clock what was received at 10:00.
    const e = ok(
      {
        type: "page",
        messageId: "m",
        anonymousId: "a",
        timestamp: "2026-05-01T10:59:00Z",
        sentAt: "2026-05-01T11:00:00Z",
      },
      { receivedAt: new Date("2026-05-01T10:00:00Z") },
    );
    expect(e.occurredAt.toISOString()).toBe("2026-05-01T09:59:00.000Z");
    // A file's sentAt without a receipt time is left alone.
    const fromFile = ok({
      type: "page",
      messageId: "m",
      anonymousId: "a",
      timestamp: "2026-05-01T10:59:00Z",
      sentAt: "2026-05-01T11:00:00Z",
    });
    expect(fromFile.occurredAt.toISOString()).toBe("2026-05-01T10:59:00.000Z");
  });

  it("rejects unknown types, far-future or unparseable timestamps, oversized events, and missing essentials, each with a clear reason", () => {
    expect(reason({ type: "purchase", messageId: "x" })).toMatch(
      /Unknown message type: type "purchase"; expected one of identify, track/,
    );
    expect(reason({ messageId: "x" })).toMatch(/Unknown message type: no type/);
    expect(reason({ type: "track", event: "E", userId: "u", timestamp: "2027-01-01T00:00:00Z" })).toMatch(
      /in the future/,
    );
    expect(reason({ type: "track", event: "E", userId: "u", timestamp: "01/02/2026" })).toMatch(
      /not an ISO 8601 date-time/,
    );
    expect(reason({ type: "track", event: "E", userId: "u", timestamp: "2026-02-31T00:00:00Z" })).toMatch(
      /timestamp/,
    );
    expect(reason({ type: "track", userId: "u", timestamp: "2026-05-01T00:00:00Z" })).toMatch(
      /needs its event name/,
    );
    expect(reason({ type: "alias", userId: "u", timestamp: "2026-05-01T00:00:00Z" })).toMatch(
      /previousId and userId/,
    );
    expect(reason({ type: "track", event: "E", userId: "u" })).toMatch(/no timestamp/);
    expect(
      reason({ type: "track", event: "E", userId: { id: 1 }, timestamp: "2026-05-01T00:00:00Z" }),
    ).toMatch(/userId must be a string/);
    expect(
      reason({ type: "track", event: "E", userId: "u", properties: "x", timestamp: "2026-05-01T00:00:00Z" }),
    ).toMatch(/properties must be an object/);
    expect(
      reason({
        type: "track",
        event: "E",
        userId: "u",
        properties: { blob: "x".repeat(MAX_EVENT_BYTES) },
        timestamp: "2026-05-01T00:00:00Z",
      }),
    ).toMatch(/over the limit of 32768 bytes/);
    expect(reason([1, 2])).toMatch(/must be a JSON object/);
  });

  it("derives the same id from the same content, whatever its key order or sending time", () => {
    const a = deriveMessageId({ type: "track", event: "E", userId: "u", timestamp: "t", sentAt: "1" });
    const b = deriveMessageId({ sentAt: "2", timestamp: "t", userId: "u", event: "E", type: "track" });
    const c = deriveMessageId({ type: "track", event: "E", userId: "u2", timestamp: "t" });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("reads consent preferences and the GPC signal", () => {
    const e = ok({
      type: "track",
      messageId: "m",
      userId: "u",
      event: "E",
      timestamp: "2026-05-01T00:00:00Z",
      context: {
        consent: { categoryPreferences: { advertising: false, analytics: true, junk: "yes" } },
        gpc: true,
      },
    });
    expect(e.consent).toEqual({ categories: { advertising: false, analytics: true }, gpc: true });
  });
});

describe("channelOfEvent", () => {
  it("uses the source's map, then the event name, then the source kind", () => {
    expect(
      channelOfEvent("track", "Order Completed", { channels: { "Order Completed": "store" } }, "web"),
    ).toBe("store");
    expect(channelOfEvent("track", "Order Completed", { channels: {} }, "web")).toBe("purchase");
    expect(channelOfEvent("track", "Email Opened", { channels: {} }, "web")).toBe("email");
    expect(channelOfEvent("page", null, { channels: {} }, "support")).toBe("web");
    expect(channelOfEvent("track", "Something", { channels: {} }, "support")).toBe("ticket");
    expect(channelOfEvent("identify", null, { channels: {} }, "web")).toBe("other");
  });
});
