import type { Org, User } from '../model/index.js'
import type { SchoolMatchKey, UserMatchKey } from './policy.js'

/**
 * Normalisation of the keys records are matched on, so that `Ann.Lee@District.org ` and
 * `ann.lee@district.org` pair, and an NCES id that lost its leading zeros in a spreadsheet still
 * matches.
 *
 * @module
 */

function normaliseId(value: string): string {
  const compact = value.replace(/[\s-]+/g, '').toUpperCase()
  // Spreadsheets drop leading zeros from numeric ids; compare numbers without them.
  return /^\d+$/.test(compact) ? compact.replace(/^0+(?=\d)/, '') : compact
}

const NAME_WORDS: Readonly<Record<string, string>> = {
  elem: 'elementary',
  el: 'elementary',
  sch: 'school',
  schl: 'school',
  ctr: 'center',
  centre: 'center',
  acad: 'academy',
  mid: 'middle',
  jr: 'junior',
  sr: 'senior',
  intl: 'international',
  st: 'saint',
}

/**
 * Normalises a school name: case, accents, punctuation, `&`, common abbreviations, and the words
 * "the" and "school", which districts add or leave out freely.
 * @param name - a school's display name
 */
export function normaliseSchoolName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => NAME_WORDS[w] ?? w)
    .filter((w) => w !== '' && w !== 'the' && w !== 'school')
  return words.join(' ')
}

/**
 * The normalised value of a user's fallback match key, or `undefined` when the user has none.
 * @param user - a canonical user
 * @param key - which key
 */
export function userMatchValue(user: User, key: UserMatchKey): string | undefined {
  const raw = user[key]
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (trimmed === '') return undefined
  return key === 'email' || key === 'username' ? trimmed.toLowerCase() : normaliseId(trimmed)
}

/**
 * The normalised value of a school's match key, or `undefined` when the school has none.
 * @param org - a canonical org
 * @param key - which key
 */
export function schoolMatchValue(org: Org, key: SchoolMatchKey): string | undefined {
  const raw = org[key]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = key === 'name' ? normaliseSchoolName(raw) : normaliseId(raw)
  return value === '' ? undefined : value
}
