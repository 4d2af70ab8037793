/** Where a customer's card lives on the web: absolute URLs under PUBLIC_URL. */
export interface CardLinks {
  readonly card: string;
  readonly applePass: string;
  /** Our URL, which signs a fresh "Save to Google Wallet" link and redirects to it. */
  readonly googleSave: string;
}

export function cardLinks(publicUrl: string, cardId: string): CardLinks {
  return {
    card: `${publicUrl}/c/${cardId}`,
    applePass: `${publicUrl}/passes/${cardId}.pkpass`,
    googleSave: `${publicUrl}/c/${cardId}/google-wallet`,
  };
}

/** The page a join QR opens: a program's card for a new customer. */
export function joinLink(publicUrl: string, slug: string): string {
  return `${publicUrl}/join/${slug}`;
}
