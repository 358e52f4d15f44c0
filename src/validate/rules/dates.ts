import { isCalendarDate, isIsoDateTime } from '../calendar-dates.js'
import type { ValidationEntity, ValidationIssueInput } from '../issues.js'
import type { ValidationContext, ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

type Path = readonly (string | number)[]

/**
 * Flags dates that do not parse or do not exist (`invalid_date`) and ranges that end before they
 * start (`date_range_reversed`): sessions, user roles, enrollments, birth dates, `dateLastModified`.
 */
export const datesRule: ValidationRule = visitingRule('dates', (ctx) => {
  const { scope } = ctx
  const isProcessed = scope.isProcessed
  // Issues about `dateLastModified` come first for every collection, so the others wait in `later`
  // until every record was visited.
  const later: ValidationIssueInput[] = []
  const deferred: Reporter = { scope, report: (issue) => later.push(issue) }
  const stamped = (entity: ValidationEntity, record: Stamped): void => {
    const stamp = record.dateLastModified
    if (stamp === undefined || isIsoDateTime(stamp) || !isProcessed(record)) return
    invalid(ctx, entity, record.sourcedId, ['dateLastModified'], stamp)
  }
  // Enrollments of one class or term usually carry the same dates: skip a pair just found valid.
  let lastBegin: string | undefined
  let lastEnd: string | undefined
  return {
    orgs: (o) => stamped('orgs', o),
    academicSessions(s) {
      stamped('academicSessions', s)
      if (isProcessed(s))
        range(deferred, 'academicSessions', s.sourcedId, s.startDate, s.endDate, 'startDate', 'endDate')
    },
    courses: (c) => stamped('courses', c),
    classes: (c) => stamped('classes', c),
    users(u) {
      stamped('users', u)
      if (!isProcessed(u)) return
      const roles = u.roles
      for (let i = 0; i < roles.length; i++) {
        const r = roles[i]!
        if (r.beginDate !== undefined || r.endDate !== undefined) {
          range(deferred, 'users', u.sourcedId, r.beginDate, r.endDate, 'beginDate', 'endDate', i)
        }
      }
    },
    enrollments(e) {
      stamped('enrollments', e)
      const { beginDate, endDate } = e
      if (beginDate === undefined && endDate === undefined) return
      if (beginDate === lastBegin && endDate === lastEnd) return
      if (range(deferred, 'enrollments', e.sourcedId, beginDate, endDate, 'beginDate', 'endDate', undefined, e)) {
        lastBegin = beginDate
        lastEnd = endDate
      }
    },
    demographics(d) {
      stamped('demographics', d)
      if (d.birthDate !== undefined && isProcessed(d) && !isCalendarDate(d.birthDate)) {
        invalid(deferred, 'demographics', d.sourcedId, ['birthDate'], d.birthDate)
      }
    },
    finish() {
      for (const issue of later) ctx.report(issue)
    },
  }
})

interface Stamped {
  readonly sourcedId: string
  readonly status: string
  readonly dateLastModified?: string | undefined
}

/** Where date issues go, and the scope that says which records count. */
type Reporter = Pick<ValidationContext, 'report' | 'scope'>

function invalid(
  ctx: Pick<ValidationContext, 'report'>,
  entity: ValidationEntity,
  sourcedId: string,
  path: Path,
  value: string,
): void {
  ctx.report({
    code: 'invalid_date',
    entity,
    sourcedId,
    path,
    message: `${path.join('.')} ${JSON.stringify(value)} is not a valid date`,
  })
}

function range(
  ctx: Reporter,
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
