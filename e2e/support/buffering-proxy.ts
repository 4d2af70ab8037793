import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A reverse proxy on loopback that holds each answer back until the server has ended it, as a proxy
 * that buffers whole answers does (nginx's `proxy_buffering` without the server's
 * `X-Accel-Buffering: no` honoured, an appliance that scans or compresses them): a held stream
 * reaches the till only when the server ends it, minutes later. A request given up by its client is
 * given up upstream.
 */
export class BufferingProxy {
  readonly url: string;
  readonly #stop: () => Promise<void>;

  private constructor(url: string, stop: () => Promise<void>) {
    this.url = url;
    this.#stop = stop;
  }

  static async start(upstream: string, port = 0): Promise<BufferingProxy> {
    const server = createServer((incoming, outgoing) => {
      const forwarded = request(
        new URL(incoming.url ?? "/", upstream),
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(Buffer.concat(chunks));
          });
          answer.on("error", () => outgoing.destroy());
        },
      );
      forwarded.on("error", () => outgoing.destroy());
      outgoing.on("close", () => forwarded.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const { port: bound } = server.address() as AddressInfo;
    return new BufferingProxy(`http://127.0.0.1:${bound}`, async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
  }

  stop(): Promise<void> {
    return this.#stop();
  }
}
