import { isCalendarDate, isIsoDateTime } from '../calendar-dates.js'
import type { ValidationEntity } from '../issues.js'
import type { ValidationContext, ValidationRule } from '../rule.js'

type Path = readonly (string | number)[]

/**
 * Flags dates that do not parse or do not exist (`invalid_date`) and ranges that end before they
 * start (`date_range_reversed`): sessions, user roles, enrollments, birth dates, `dateLastModified`.
 */
export const datesRule: ValidationRule = {
  name: 'dates',
  check(ctx) {
    const { roster, scope } = ctx
    for (const name of [
      'orgs',
      'academicSessions',
      'courses',
      'classes',
      'users',
      'enrollments',
      'demographics',
    ] as const) {
      for (const record of roster[name] as readonly {
        sourcedId: string
        status: string
        dateLastModified?: string
      }[]) {
        const stamp = record.dateLastModified
        if (stamp === undefined || isIsoDateTime(stamp) || !scope.isProcessed(record)) continue
        invalid(ctx, name, record.sourcedId, ['dateLastModified'], stamp)
      }
    }
    for (const s of roster.academicSessions) {
      if (scope.isProcessed(s))
        range(ctx, 'academicSessions', s.sourcedId, s.startDate, s.endDate, 'startDate', 'endDate')
    }
    for (const u of roster.users) {
      if (!scope.isProcessed(u)) continue
      const roles = u.roles
      for (let i = 0; i < roles.length; i++) {
        const r = roles[i]!
        if (r.beginDate !== undefined || r.endDate !== undefined) {
          range(ctx, 'users', u.sourcedId, r.beginDate, r.endDate, 'beginDate', 'endDate', i)
        }
      }
    }
    // Enrollments of one class or term usually carry the same dates: skip a pair just found valid.
    let lastBegin: string | undefined
    let lastEnd: string | undefined
    for (const e of roster.enrollments) {
      const { beginDate, endDate } = e
      if (beginDate === undefined && endDate === undefined) continue
      if (beginDate === lastBegin && endDate === lastEnd) continue
      if (range(ctx, 'enrollments', e.sourcedId, beginDate, endDate, 'beginDate', 'endDate', undefined, e)) {
        lastBegin = beginDate
        lastEnd = endDate
      }
    }
    for (const d of roster.demographics) {
      if (d.birthDate !== undefined && scope.isProcessed(d) && !isCalendarDate(d.birthDate)) {
        invalid(ctx, 'demographics', d.sourcedId, ['birthDate'], d.birthDate)
      }
    }
  },
}

function invalid(ctx: ValidationContext, entity: ValidationEntity, sourcedId: string, path: Path, value: string): void {
  ctx.report({
    code: 'invalid_date',
    entity,
    sourcedId,
    path,
    message: `${path.join('.')} ${JSON.stringify(value)} is not a valid date`,
  })
}

function range(
  ctx: ValidationContext,
  entity: ValidationEntity,
  sourcedId: string,
  start: string | undefined,
  end: string | undefined,
  startField: string,
  endField: string,
  role?: number,
  record?: { status: string },
): boolean {
  const startOk = start === undefined || isCalendarDate(start)
  const endOk = end === undefined || isCalendarDate(end)
  // YYYY-MM-DD strings order like the dates they name.
  const reversed = startOk && endOk && start !== undefined && end !== undefined && end < start
  if (startOk && endOk && !reversed) return true
  // An unprocessed record is skipped, but its dates are not proof for the next record's.
  if (record !== undefined && !ctx.scope.isProcessed(record)) return false
  const at = (field: string): Path => (role === undefined ? [field] : ['roles', role, field])
  if (start !== undefined && !startOk) invalid(ctx, entity, sourcedId, at(startField), start)
  if (end !== undefined && !endOk) invalid(ctx, entity, sourcedId, at(endField), end)
  if (reversed) {
    ctx.report({
      code: 'date_range_reversed',
      entity,
      sourcedId,
      path: at(endField),
      message: `${endField} ${end} is before ${startField} ${start}`,
    })
  }
  return false
}
