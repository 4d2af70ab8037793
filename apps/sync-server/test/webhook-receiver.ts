import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { call } from "./fixtures";

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered. */
  readonly status: number;
}

/**
 * A merchant's webhook receiver on loopback: records every request and answers with the next
 * status of `answers` (then 204), so a test can make the first attempts fail.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly #answers: number[];
  readonly #server: Server;
  #waiters: { count: number; resolve: () => void }[] = [];

  private constructor(answers: number[]) {
    this.#answers = answers;
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const status = this.#answers.shift() ?? 204;
        this.received.push({
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
          status,
        });
        response.writeHead(status).end();
        this.#waiters = this.#waiters.filter((w) => {
          if (this.received.length < w.count) return true;
          w.resolve();
          return false;
        });
      });
    });
  }

  static async start(answers: number[] = []): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(answers);
    await new Promise<void>((resolve) => receiver.#server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks`;
  }

  /** Resolves once `count` requests have arrived in all. */
  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/**
 * Resolves once the endpoint's delivery log (through the API) shows a delivery `check` accepts:
 * the server records an attempt after the receiver answered, so a test that moves the clock on
 * waits for that first.
 */
export async function deliveryRecorded(
  server: { url: string },
  apiKey: string,
  endpointId: string,
  check: (delivery: Record<string, unknown>) => boolean,
): Promise<void> {
  for (;;) {
    const log = await call(server, "GET", `/api/v1/webhooks/${endpointId}/deliveries`, {
      token: apiKey,
    });
    if ((log.json.items as Record<string, unknown>[]).some(check)) return;
    await new Promise((next) => setImmediate(next));
  }
}
