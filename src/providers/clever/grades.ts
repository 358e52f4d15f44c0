import type { CedsGrade } from '../../model/index.js'

/**
 * Clever's grade vocabulary and its CEDS equivalents, both ways.
 *
 * @module
 */

const CEDS_BY_CLEVER: Readonly<Record<string, CedsGrade>> = {
  InfantToddler: 'IT',
  Preschool: 'PR',
  PreKindergarten: 'PK',
  TransitionalKindergarten: 'TK',
  Kindergarten: 'KG',
  PostGraduate: 'PS',
  Ungraded: 'UG',
  Other: 'Other',
}

const CLEVER_BY_CEDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CEDS_BY_CLEVER).map(([clever, ceds]) => [ceds, clever]),
)

/**
 * Turns a Clever grade into a CEDS code: `Kindergarten` → `KG`, `"3"` → `03`. A value Clever
 * does not define is returned unchanged so the validator can flag it; an empty grade is absent.
 * @param grade - a grade as Clever sends it
 */
export function toCedsGrade(grade: string | null | undefined): string | undefined {
  if (grade === null || grade === undefined) return undefined
  const value = grade.trim()
  if (value === '') return undefined
  const named = CEDS_BY_CLEVER[value]
  if (named !== undefined) return named
  if (/^\d{1,2}$/.test(value)) {
    const n = Number(value)
    if (n >= 1 && n <= 13) return String(n).padStart(2, '0')
  }
  return value
}

/**
 * Turns a CEDS code back into Clever's vocabulary: `KG` → `Kindergarten`, `03` → `"3"`; the inverse
 * of {@link toCedsGrade}.
 * @param grade - a CEDS grade code
 */
export function toCleverGrade(grade: string): string {
  const named = CLEVER_BY_CEDS[grade]
  if (named !== undefined) return named
  if (/^\d{2}$/.test(grade)) {
    const n = Number(grade)
    if (n >= 1 && n <= 13) return String(n)
  }
  return grade
}
