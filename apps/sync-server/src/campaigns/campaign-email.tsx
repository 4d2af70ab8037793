import type { Program } from "@stamp/core";
import type { Mail } from "../mail/mailer";
import type { CampaignEmail } from "../storage/campaign-store";
import { cardLinks } from "../wallet/card-links";
import { messagesForCustomer } from "../wallet/customer-locale";
import { passLocales } from "../wallet/program-design";

const SUBJECT_TEXT = 60;

/**
 * A campaign as an e-mail to one customer: in the language they joined in (else the programme's
 * first; the message itself in theirs when the programme has it, else in the programme's first), plain text and HTML in the programme's colours, the
 * message, a link to their card, why they get it and a one-click unsubscribe link (also as the
 * List-Unsubscribe header).
 */
export function campaignEmail(input: {
  email: CampaignEmail;
  to: string;
  program: Program;
  merchantName: string;
  publicUrl: string;
  unsubscribeUrl: string;
}): Mail {
  const { email, program, merchantName, unsubscribeUrl } = input;
  const locales = passLocales(program);
  const m = messagesForCustomer(program, email.profile);
  const text =
    email.message[m.locale] ??
    email.message[locales[0] as string] ??
    Object.values(email.message)[0] ??
    "";
  const card = cardLinks(input.publicUrl, email.cardId).card;
  const firstLine = text.split("\n")[0] ?? "";
  const subject = `${merchantName}: ${firstLine.length > SUBJECT_TEXT ? `${firstLine.slice(0, SUBJECT_TEXT - 1)}…` : firstLine}`;
  const { background, foreground, accent } = program.design;
  const html = (
    <html lang={m.locale} dir={m.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f1ee;font-family:system-ui,sans-serif;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:560px;"
              >
                <tr>
                  <td
                    style={`background:${background};color:${foreground};padding:20px 24px;border-radius:16px 16px 0 0;font-size:20px;font-weight:700;`}
                  >
                    {merchantName} · {program.name}
                  </td>
                </tr>
                <tr>
                  <td style="background:#ffffff;color:#1d1b19;padding:24px;font-size:17px;line-height:1.5;white-space:pre-wrap;">
                    {text}
                  </td>
                </tr>
                <tr>
                  <td style="background:#ffffff;padding:0 24px 24px;">
                    <a
                      href={card}
                      style={`display:inline-block;background:${accent};color:#ffffff;padding:12px 20px;border-radius:10px;text-decoration:none;font-weight:600;`}
                    >
                      {m.t("email.cardLink")}
                    </a>
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 24px;color:#5f5a55;font-size:13px;line-height:1.5;">
                    {m.t("email.why", { merchant: merchantName })}{" "}
                    <a href={unsubscribeUrl} style="color:#5f5a55;">
                      {m.t("email.unsubscribe")}
                    </a>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  return {
    to: input.to,
    subject,
    text: [
      text,
      m.t("email.card", { url: card }),
      "--",
      m.t("email.why", { merchant: merchantName }),
      m.t("email.unsubscribeText", { merchant: merchantName, url: unsubscribeUrl }),
    ].join("\n\n"),
    html: `<!doctype html>${html.toString()}`,
    unsubscribeUrl,
  };
}
