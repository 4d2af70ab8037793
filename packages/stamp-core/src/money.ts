/** Money in a currency, from integer minor units (cents): "€5.00", "5,00 €", "¥500". */
export function formatMoney(locale: string, currency: string, minor: number): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
