/** The GS1 check digit of the first 12 digits of an EAN-13 (weights 1, 3, 1, 3, …). */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isEan13(text: string): boolean {
  return /^\d{13}$/.test(text) && ean13CheckDigit(text) === Number(text[12]);
}
