import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The header lines as sent, e.g. `{key: "list-unsubscribe", line: "List-Unsubscribe: <…>"}`. */
  readonly headerLines: readonly { key: string; line: string }[];
}

/** A real SMTP server on loopback that keeps what it receives, for tests that send e-mail. */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  readonly #server: SMTPServer;
  #waiters: { count: number; resolve: () => void }[] = [];

  private constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.mails.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(","),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              headerLines: parsed.headerLines,
            });
            this.#waiters = this.#waiters.filter((w) => {
              if (this.mails.length < w.count) return true;
              w.resolve();
              return false;
            });
            callback();
          })
          .catch(callback);
      },
    });
  }

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    await new Promise<void>((resolve) => inbox.#server.listen(0, "127.0.0.1", resolve));
    return inbox;
  }

  /** For SMTP_URL. */
  get url(): string {
    const { port } = this.#server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  /** Resolves once `count` messages have arrived in all. */
  until(count: number): Promise<void> {
    if (this.mails.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
