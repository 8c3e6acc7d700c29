import type { i18n as I18nInstance } from 'i18next';
import { parseQuantity } from '../concepts/quantity.ts';

/** Intl locale of a UI language; Canadian French and English, the anchors' audience, for money. */
function moneyLocale(lang: string): string {
  return lang === 'fr' ? 'fr-CA' : 'en-CA';
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * Locale-aware formats of the UI, through i18next's (cached) Intl formatters. Quantities are
 * rounded for display in one place, so the list and the details page show the same text.
 */
export class Formats {
  private readonly i18n: I18nInstance;
  readonly lang: string;

  constructor(i18n: I18nInstance, lang: string) {
    this.i18n = i18n;
    this.lang = lang;
  }

  private intl(value: unknown, format: string, options: Record<string, unknown>, locale = this.lang): string {
    return String(this.i18n.services.formatter!.format(value, format, locale, options));
  }

  number(value: number, maximumFractionDigits = 2): string {
    return this.intl(value, 'number', { maximumFractionDigits });
  }

  /** Bytes in binary units with at most one decimal: "1.2 GiB", « 1,2 Gio ». */
  bytes(bytes: number): string {
    if (!Number.isFinite(bytes)) return '';
    let unit = 0;
    let value = bytes;
    while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
      value /= 1024;
      unit += 1;
    }
    const rounded = this.number(value, value >= 100 ? 0 : 1);
    return `${rounded} ${this.i18n.t(`units.${BINARY_UNITS[unit]}`, { lng: this.lang })}`;
  }

  /** A memory quantity ("1288Mi") as text; the raw text when it does not parse. */
  memory(text: string | undefined): string {
    if (!text) return '';
    const bytes = parseQuantity(text);
    return Number.isFinite(bytes) ? this.bytes(bytes) : text;
  }

  /** A number of GiB as the API's `formatted_resources` gives it ("1.2001953125"). */
  gib(text: string | undefined): string {
    const value = Number(text);
    return text && Number.isFinite(value) ? this.bytes(value * 2 ** 30) : (text ?? '');
  }

  /** A CPU quantity in cores ("0.5", « 0,5 »); the raw text when it does not parse. */
  cpu(text: string | undefined): string {
    if (!text) return '';
    const cores = parseQuantity(text);
    return Number.isFinite(cores) ? this.number(cores, 3) : text;
  }

  /** "3 hours ago" / « il y a 3 heures ». */
  relativeTime(iso: string, now: number): string {
    const then = Date.parse(iso);
    if (!Number.isFinite(then)) return '';
    const seconds = Math.round((then - now) / 1000);
    for (const [unit, size] of RELATIVE_UNITS) {
      if (Math.abs(seconds) >= size || unit === 'second') {
        return this.intl(Math.trunc(seconds / size), 'relativetime', { range: unit, numeric: 'auto' });
      }
    }
    return '';
  }

  localTime(iso: string): string {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? this.intl(t, 'datetime', { dateStyle: 'medium', timeStyle: 'medium' }) : '';
  }

  utcTime(iso: string): string {
    const t = Date.parse(iso);
    return Number.isFinite(t)
      ? `${this.intl(t, 'datetime', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`
      : '';
  }

  currency(value: number): string {
    return this.intl(value, 'currency', { currency: 'USD', currencyDisplay: 'narrowSymbol' }, moneyLocale(this.lang));
  }
}
