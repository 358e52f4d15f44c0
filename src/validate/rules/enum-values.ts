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
import type { ValidationEntity } from '../issues.js'
import type { ValidationContext, ValidationRule } from '../rule.js'

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
export const enumValuesRule: ValidationRule = {
  name: 'enum-values',
  check(ctx) {
    const { roster, scope } = ctx
    const check = makeCheck(ctx)
    for (const name of [
      'orgs',
      'academicSessions',
      'courses',
      'classes',
      'users',
      'enrollments',
      'demographics',
    ] as const) {
      for (const record of roster[name] as readonly { sourcedId: string; status: string }[]) {
        // Status is on every record: compare directly rather than hash a million times.
        const status = record.status
        if (status !== 'active' && status !== 'tobedeleted') check(name, record.sourcedId, STATUS, status, 'status')
      }
    }
    for (const o of roster.orgs) if (scope.isProcessed(o)) check('orgs', o.sourcedId, ORG_TYPE, o.type, 'type')
    for (const s of roster.academicSessions) {
      if (scope.isProcessed(s)) check('academicSessions', s.sourcedId, SESSION_TYPE, s.type, 'type')
    }
    for (const c of roster.classes) {
      if (scope.isProcessed(c) && c.classType !== undefined)
        check('classes', c.sourcedId, CLASS_TYPE, c.classType, 'classType')
    }
    for (const u of roster.users) {
      if (!scope.isProcessed(u)) continue
      const roles = u.roles
      for (let i = 0; i < roles.length; i++) {
        const role = roles[i]!
        check('users', u.sourcedId, ROLE, role.role, 'roles', i, 'role')
        check('users', u.sourcedId, ROLE_TYPE, role.roleType, 'roles', i, 'roleType')
      }
    }
    for (const e of roster.enrollments) {
      if (scope.isProcessed(e)) check('enrollments', e.sourcedId, ENROLLMENT_ROLE, e.role, 'role')
    }
    for (const d of roster.demographics) {
      if (scope.isProcessed(d) && d.sex !== undefined) check('demographics', d.sourcedId, SEX, d.sex, 'sex')
    }
  },
}

function makeCheck(ctx: ValidationContext) {
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
    ctx.report({
      code: 'invalid_enum',
      entity,
      sourcedId,
      path,
      message: `${path.join('.')} is ${JSON.stringify(value)}, expected one of ${[...vocabulary].join(', ')}${EXTENSIBLE.has(vocabulary) ? ' or ext:…' : ''}`,
    })
  }
}
