/** English messages of the server's pages. Keys are grouped by page; plural forms end in .one/.other. */
export const en = {
  "app.name": "Stamp",

  "receipt.title": "Collect your stamps",
  "receipt.gives.one": "This receipt from {merchant} gives you {count} stamp.",
  "receipt.gives.other": "This receipt from {merchant} gives you {count} stamps.",
  "receipt.card.label": "Your card code",
  "receipt.card.hint":
    "It is printed under the QR code on your loyalty card and starts with S1. Your card id works too.",
  "receipt.submit": "Add the stamps",
  "receipt.card.notFound": "We could not find that card. Check the code and try again.",
  "receipt.card.badCode":
    "That is not a card code of this shop. Check that you typed the whole code, starting with S1.",
  "receipt.card.otherProgram": "This receipt is for another loyalty card of this shop.",
  "receipt.expiresAt": "Valid until {date}.",
  "receipt.done.title": "Stamps added",
  "receipt.done.added.one": "{count} stamp was added to your card.",
  "receipt.done.added.other": "{count} stamps were added to your card.",
  "receipt.done.progress": "Your card now shows {stamps} of {goal}.",
  "receipt.done.rewards.one": "You have {count} reward ready to use.",
  "receipt.done.rewards.other": "You have {count} rewards ready to use.",
  "receipt.used.title": "Already used",
  "receipt.used.body": "This receipt was already used on {date}. Each receipt adds stamps once.",
  "receipt.expired.title": "Receipt expired",
  "receipt.expired.body": "This receipt expired on {date}, so it can no longer add stamps.",
  "receipt.unknown.title": "Receipt not found",
  "receipt.unknown.body":
    "This link is not a valid receipt. Check that you scanned the whole QR code.",
  "receipt.refused.title": "No stamps added",
  "receipt.tooMany": "Too many attempts. Please wait a minute and try again.",
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
