// Which timeline channel an event belongs to: the source's own map first, then what its name says, then the kind of
// source it came from.
import type { SourceKind } from "../sources/source-schemas";
import type { EventSettings, InteractionChannel } from "./event-settings";
import type { MessageType } from "./parse-event-message";

const BY_NAME: [RegExp, InteractionChannel][] = [
  [/\b(order|purchase|checkout|refund|payment|invoice|subscription)/i, "purchase"],
  [/\b(ticket|support|case|complaint)/i, "ticket"],
  [/\b(email|newsletter)/i, "email"],
  [/\bsms\b|text message/i, "sms"],
  [/\bchat/i, "chat"],
  [/\bcall\b|phone call/i, "call"],
  [/\bstore\b|in[- ]store|pos\b/i, "store"],
];

const BY_SOURCE_KIND: Partial<Record<SourceKind, InteractionChannel>> = {
  support: "ticket",
  marketing: "email",
  web: "web",
  ecommerce: "web",
  billing: "purchase",
};

export function channelOfEvent(
  type: MessageType,
  event: string | null,
  settings: Pick<EventSettings, "channels">,
  sourceKind: SourceKind,
): InteractionChannel {
  if (event && settings.channels[event]) return settings.channels[event];
  if (type === "page" || type === "screen") return "web";
  if (type !== "track") return "other";
  for (const [pattern, channel] of BY_NAME) if (event && pattern.test(event)) return channel;
  return BY_SOURCE_KIND[sourceKind] ?? "other";
}

/** The dotted type the timeline shows: the event name for track, page.view / screen.view, else the message type. */
export function timelineTypeOf(type: MessageType, event: string | null): string {
  if (type === "track") return event!;
  if (type === "page") return "page.view";
  if (type === "screen") return "screen.view";
  return type;
}
