import {
  CLASS_TYPES,
  ENROLLMENT_ROLES,
  EXTENSION_VALUE_PATTERN,
  ORG_TYPES,
  ROLE_TYPES,
  ROLES,
  SESSION_TYPES,
  SEXES,
  STATUSES,
} from '../../model/index.js'
import type { ValidationEntity, ValidationIssueInput } from '../issues.js'
import type { ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

type Vocabulary = ReadonlySet<string>

const closed = (values: readonly string[]): Vocabulary => new Set(values)
const STATUS = closed(STATUSES)
const ROLE_TYPE = closed(ROLE_TYPES)
const ORG_TYPE = closed(ORG_TYPES)
const SESSION_TYPE = closed(SESSION_TYPES)
const CLASS_TYPE = closed(CLASS_TYPES)
const ROLE = closed(ROLES)
const ENROLLMENT_ROLE = closed(ENROLLMENT_ROLES)
const SEX = closed(SEXES)
/** Vocabularies that accept OneRoster 1.2 extension values (`ext:…`). */
const EXTENSIBLE: ReadonlySet<Vocabulary> = new Set([ORG_TYPE, SESSION_TYPE, CLASS_TYPE, ROLE, ENROLLMENT_ROLE, SEX])

/**
 * Flags values outside their controlled vocabulary. Typed rosters can still carry them at run time:
 * hosts build rosters from JSON and their own stores without parsing.
 */
export const enumValuesRule: ValidationRule = visitingRule('enum-values', (ctx) => {
  const isProcessed = ctx.scope.isProcessed
  // Status issues of every collection come first, so the rarer vocabulary issues wait in `later`
  // until every record was visited.
  const now = makeCheck(ctx.report)
  const later: ValidationIssueInput[] = []
  const check = makeCheck((issue) => later.push(issue))
  const status = (entity: ValidationEntity, record: { sourcedId: string; status: string }): void => {
    // Status is on every record: compare directly rather than hash a million times.
    const s = record.status
    if (s !== 'active' && s !== 'tobedeleted') now(entity, record.sourcedId, STATUS, s, 'status')
  }
  return {
    orgs(o) {
      status('orgs', o)
      if (isProcessed(o)) check('orgs', o.sourcedId, ORG_TYPE, o.type, 'type')
    },
    academicSessions(s) {
      status('academicSessions', s)
      if (isProcessed(s)) check('academicSessions', s.sourcedId, SESSION_TYPE, s.type, 'type')
    },
    courses: (c) => status('courses', c),
    classes(c) {
      status('classes', c)
      if (isProcessed(c) && c.classType !== undefined)
        check('classes', c.sourcedId, CLASS_TYPE, c.classType, 'classType')
    },
    users(u) {
      status('users', u)
      if (!isProcessed(u)) return
      const roles = u.roles
      for (let i = 0; i < roles.length; i++) {
        const role = roles[i]!
        check('users', u.sourcedId, ROLE, role.role, 'roles', i, 'role')
        check('users', u.sourcedId, ROLE_TYPE, role.roleType, 'roles', i, 'roleType')
      }
    },
    enrollments(e) {
      status('enrollments', e)
      // Most enrollments are of students or teachers: skip the hash for those.
      const role = e.role
      if (role !== 'student' && role !== 'teacher' && isProcessed(e))
        check('enrollments', e.sourcedId, ENROLLMENT_ROLE, role, 'role')
    },
    demographics(d) {
      status('demographics', d)
      if (isProcessed(d) && d.sex !== undefined) check('demographics', d.sourcedId, SEX, d.sex, 'sex')
    },
    finish() {
      for (const issue of later) ctx.report(issue)
    },
  }
})

function makeCheck(report: (issue: ValidationIssueInput) => void) {
  return (
    entity: ValidationEntity,
    sourcedId: string,
    vocabulary: Vocabulary,
    value: unknown,
    field: string,
    position?: number,
    subfield?: string,
  ): void => {
    if (typeof value === 'string' && vocabulary.has(value)) return
    if (typeof value === 'string' && EXTENSIBLE.has(vocabulary) && EXTENSION_VALUE_PATTERN.test(value)) return
    const path: (string | number)[] = position === undefined ? [field] : [field, position, subfield ?? '']
    report({
      code: 'invalid_enum',
      entity,
      sourcedId,
      path,
      message: `${path.join('.')} is ${JSON.stringify(value)}, expected one of ${[...vocabulary].join(', ')}${EXTENSIBLE.has(vocabulary) ? ' or ext:…' : ''}`,
    })
  }
}
