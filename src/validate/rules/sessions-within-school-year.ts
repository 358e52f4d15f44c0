import type { AcademicSession } from '../../model/index.js'
import { isCalendarDate } from '../calendar-dates.js'
import type { ValidationRule } from '../rule.js'

/**
 * Flags terms, semesters and grading periods whose dates fall outside their school year: the parent
 * session when there is one, else the only `schoolYear` session with the same `schoolYear`.
 */
export const sessionsWithinSchoolYearRule: ValidationRule = {
  name: 'sessions-within-school-year',
  check(ctx) {
    const { roster, index, scope } = ctx
    const yearsByLabel = new Map<string, AcademicSession | null>()
    for (const s of roster.academicSessions) {
      if (s.type !== 'schoolYear' || !scope.isProcessed(s)) continue
      // Two school-year sessions with one label (several schools' calendars) leave it unknown.
      yearsByLabel.set(s.schoolYear, yearsByLabel.has(s.schoolYear) ? null : s)
    }
    for (const s of roster.academicSessions) {
      if (s.type === 'schoolYear' || !scope.isProcessed(s)) continue
      const parent =
        s.parentSourcedId === undefined ? yearsByLabel.get(s.schoolYear) : index.academicSessions.get(s.parentSourcedId)
      if (!parent) continue
      if (![s.startDate, s.endDate, parent.startDate, parent.endDate].every(isCalendarDate)) continue
      const before = s.startDate < parent.startDate
      const after = s.endDate > parent.endDate
      if (!before && !after) continue
      ctx.report({
        code: 'session_outside_school_year',
        entity: 'academicSessions',
        sourcedId: s.sourcedId,
        path: [before ? 'startDate' : 'endDate'],
        message: `${s.type} ${s.startDate}–${s.endDate} is not within ${parent.type} ${parent.sourcedId} (${parent.startDate}–${parent.endDate})`,
      })
    }
  },
}
