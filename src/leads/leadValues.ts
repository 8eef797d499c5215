import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/**
 * Values as exports write them, to what Leadloop stores: a website as its
 * bare domain, a country (name or code, in several languages) as its
 * ISO 3166 alpha-2 code (i18n-iso-countries), a head count as the
 * definition's size band. Pure.
 */

const require = createRequire(import.meta.url);
// The languages CRM exports in Europe and the Americas are written in.
const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'];
let namesLoaded = false;
/** The country names are read on the first country an import meets, not at start-up. */
function loadNames(): void {
  if (namesLoaded) return;
  for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
  namesLoaded = true;
}
/** Names exports use that are not a country's name in the library. */
const COMMON_NAMES: Record<string, string> = { usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'south korea': 'KR', russia: 'RU' };

/** "https://www.Acme.example/contact" → "acme.example"; empty when there is no host. */
export function domainOf(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (!trimmed) return '';
  const host = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '').split(/[/?#:]/)[0] ?? '';
  return host.replace(/^www\d*\./, '').replace(/\.$/, '');
}

/** "Germany", "Deutschland", "DE", "DEU" → "DE"; null when it names no country. */
export function countryCode(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/^[A-Za-z]{2}$/.test(v) && countries.isValid(v.toUpperCase())) return v.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(v)) {
    const code = countries.alpha3ToAlpha2(v.toUpperCase());
    if (code) return code;
  }
  const common = COMMON_NAMES[v.toLowerCase()];
  if (common) return common;
  loadNames();
  for (const lang of LANGS) {
    const code = countries.getAlpha2Code(v, lang);
    if (code) return code;
  }
  return null;
}

/**
 * A head count ("250", "1,200") as the band of the definition that holds it
 * ("201-500", "1000+"); a band as written stays as written.
 */
export function sizeBand(value: string, bands: string[]): string {
  const digits = value.trim().replace(/[,.\s']/g, '');
  if (!/^\d+$/.test(digits)) return value.trim();
  const n = Number(digits);
  for (const band of bands) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(band.trim());
    if (range && n >= Number(range[1]) && n <= Number(range[2])) return band;
    const open = /^(\d+)\s*\+$/.exec(band.trim());
    if (open && n >= Number(open[1])) return band;
  }
  return value.trim();
}
