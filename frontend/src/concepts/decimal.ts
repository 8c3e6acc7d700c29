/** The decimal separator of a locale: "." in English, "," in French. */
export function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** A decimal as the user reads it ("0.5" → « 0,5 »). */
export function toLocaleDecimal(value: string, locale: string): string {
  const separator = decimalSeparator(locale);
  return separator === '.' ? value : value.replace('.', separator);
}

/** What the user typed, back in JavaScript notation (« 0,5 » → "0.5"); either separator is accepted. */
export function fromLocaleDecimal(text: string, locale: string): string {
  return text.replace(decimalSeparator(locale), '.').replace(',', '.');
}
