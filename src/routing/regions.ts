import { createRequire } from 'node:module';

/**
 * Named sales regions as lists of ISO 3166 alpha-2 codes, built from
 * world-countries' UN regions and subregions (a maintained dataset) rather
 * than a hand-kept list: EMEA = Europe, Africa and Western Asia (the Middle
 * East); NA = Northern America without Mexico; LATAM = Mexico, Central and
 * South America and the Caribbean; APAC = the rest of Asia and Oceania.
 * Read on first use.
 */
export const REGION_NAMES = ['EMEA', 'NA', 'LATAM', 'APAC', 'EUROPE', 'AFRICA', 'MIDDLE_EAST'] as const;
export type RegionName = (typeof REGION_NAMES)[number];

type Country = { cca2: string; region: string; subregion: string };
let regions: Map<RegionName, Set<string>> | undefined;

function load(): Map<RegionName, Set<string>> {
  if (regions) return regions;
  const require = createRequire(import.meta.url);
  const countries = require('world-countries/countries.json') as Country[];
  const where = (test: (c: Country) => boolean) => new Set(countries.filter(test).map((c) => c.cca2));
  const middleEast = (c: Country) => c.subregion === 'Western Asia';
  regions = new Map<RegionName, Set<string>>([
    ['EMEA', where((c) => c.region === 'Europe' || c.region === 'Africa' || middleEast(c))],
    ['NA', where((c) => c.subregion === 'North America' && c.cca2 !== 'MX')],
    ['LATAM', where((c) => ['South America', 'Central America', 'Caribbean'].includes(c.subregion) || c.cca2 === 'MX')],
    ['APAC', where((c) => (c.region === 'Asia' && !middleEast(c)) || c.region === 'Oceania')],
    ['EUROPE', where((c) => c.region === 'Europe')],
    ['AFRICA', where((c) => c.region === 'Africa')],
    ['MIDDLE_EAST', where(middleEast)],
  ]);
  return regions;
}

/** The countries of a named region. */
export function countriesOf(region: RegionName): Set<string> {
  return load().get(region)!;
}

export function isRegionName(value: string): value is RegionName {
  return (REGION_NAMES as readonly string[]).includes(value.toUpperCase());
}
