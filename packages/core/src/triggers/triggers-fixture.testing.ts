// Test helpers for triggers: a real HTTP receiver on loopback (node:http) that records what arrives and can answer
// with an error or be taken down and brought back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  at: number;
}

export interface TestReceiver {
  url: (path?: string) => string;
  received: ReceivedWebhook[];
  /** The HTTP status answered (200 unless set). */
  status: number;
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = [];
  let port = 0;
  let server: Server | null = null;
  const receiver: TestReceiver = {
    received,
    status: 200,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    down: async () => {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()) && s.closeAllConnections());
    },
    up: async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (receiver.status >= 200 && receiver.status < 300)
            received.push({
              path: req.url ?? "",
              headers: req.headers,
              body,
              json: JSON.parse(body),
              at: Date.now(),
            });
          res.writeHead(receiver.status).end();
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", () => resolve()));
      port = (server!.address() as AddressInfo).port;
    },
    close: () => receiver.down(),
  };
  await receiver.up();
  return receiver;
}

export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error("waitFor: condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
