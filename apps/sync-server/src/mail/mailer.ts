import type { Transporter } from "nodemailer";
import type { Logger } from "../logger";

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** An HTML alternative to `text` (multipart/alternative). */
  readonly html?: string;
  /**
   * The https one-click unsubscribe URL of bulk mail: `List-Unsubscribe: <url>` and
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 2369, RFC 8058).
   */
  readonly unsubscribeUrl?: string;
  /** The SMTP envelope sender (Return-Path) bounces go to; default: the From address. */
  readonly returnPath?: string;
}

/** Sends the server's e-mail; without SMTP_URL it logs each message for the admin instead. */
export interface Mailer {
  readonly configured: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer (`smtp://user:pass@host:587`, `smtps://…:465`), from MAIL_FROM. A
 * failure is the caller's to report; nothing is retried here. nodemailer loads with the first
 * e-mail, not with the server: its source text (~3 MB of heap with what it builds as it loads)
 * would stay for the process's life in a server that mails rarely (as mailparser,
 * `delivery-status.ts`).
 */
export function openMailer(smtpUrl: string | null, from: string, logger: Logger): Mailer {
  if (!smtpUrl)
    return {
      configured: false,
      async send(mail) {
        logger.warn(
          { to: mail.to, subject: mail.subject, text: mail.text },
          "no SMTP_URL: this e-mail was not sent; it is logged so the admin can pass it on",
        );
      },
      close() {},
    };
  let transport: Promise<Transporter> | undefined;
  return {
    configured: true,
    async send({ unsubscribeUrl, returnPath, ...mail }) {
      transport ??= import("nodemailer").then(({ default: nodemailer }) =>
        nodemailer.createTransport(smtpUrl),
      );
      await (await transport).sendMail({
        from,
        ...mail,
        ...(returnPath ? { envelope: { from: returnPath, to: mail.to } } : {}),
        ...(unsubscribeUrl
          ? {
              list: { unsubscribe: unsubscribeUrl },
              headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
            }
          : {}),
      });
    },
    close: () => void transport?.then((opened) => opened.close()),
  };
}
