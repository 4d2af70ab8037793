/** What a bounce message says, as far as stopping e-mail goes. */
export interface Bounce {
  /** The addresses the message was delivered to (To, Delivered-To, X-Original-To). */
  readonly to: readonly string[];
  /** A delivery status notification (RFC 3464) saying a delivery failed for good (5.x.x). */
  readonly permanent: boolean;
}

/** The `Field: value` lines of a message/delivery-status part's per-recipient blocks. */
function statusFields(text: string): { action: string; status: string }[] {
  return text
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => {
      const field = (name: string) =>
        new RegExp(`^${name}:\\s*(.+)$`, "im").exec(block)?.[1]?.trim().toLowerCase() ?? "";
      return { action: field("Action"), status: field("Status") };
    })
    .filter((fields) => fields.action !== "");
}

/**
 * Reads a message that arrived at the bounce address (mailparser does the MIME): whom it was for,
 * and whether it is a DSN of a permanent failure. Auto-replies, delay notices (4.x.x) and mail of
 * any other kind are not.
 */
export async function readBounce(raw: Buffer): Promise<Bounce> {
  // Loaded with the first bounce, not with the server: mailparser and its character sets hold
  // ~8 MB of RSS that a server which only syncs tills never needs (server README, "Memory").
  const { simpleParser } = await import("mailparser");
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true });
  const to: string[] = [];
  for (const name of ["to", "delivered-to", "x-original-to"]) {
    const value = parsed.headers.get(name);
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const item of list)
      if (typeof item === "string") to.push(...item.split(","));
      else if (item && typeof item === "object" && "value" in item)
        for (const address of (item as { value: { address?: string }[] }).value)
          if (address.address) to.push(address.address);
  }
  // mailparser reads the message/delivery-status part as text, after the human-readable part.
  const type = parsed.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  const isReport =
    type?.value?.toLowerCase() === "multipart/report" &&
    type.params?.["report-type"]?.toLowerCase() === "delivery-status";
  const fields = isReport ? statusFields(parsed.text ?? "") : [];
  return {
    to: to.map((address) => address.replace(/^.*<|>.*$/g, "").trim()),
    permanent: fields.some((f) => f.action === "failed" && f.status.startsWith("5.")),
  };
}
