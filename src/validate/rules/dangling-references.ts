import type { Enrollment, RosterCollection } from '../../model/index.js'
import type { ValidationEntity } from '../issues.js'
import type { ValidationContext, ValidationRule } from '../rule.js'

type Target = 'orgs' | 'academicSessions' | 'courses' | 'classes' | 'users'

/**
 * Flags references to records the roster does not hold (`dangling_reference`) and active records that
 * refer to `tobedeleted` ones (`reference_to_deleted`). References into a collection that was never
 * read are not checked; the completeness rule says so once.
 */
export const danglingReferencesRule: ValidationRule = {
  name: 'dangling-references',
  check(ctx) {
    const { roster, index, scope } = ctx
    const read = (name: RosterCollection): boolean => roster.completeness[name] !== undefined || roster[name].length > 0
    const readTargets = new Set<Target>(
      (['orgs', 'academicSessions', 'courses', 'classes', 'users'] as const).filter(read),
    )
    // Plain property reads per target instead of a computed index[target] on every reference.
    const maps: Readonly<Record<Target, ReadonlyMap<string, { status: string }>>> = {
      orgs: index.orgs,
      academicSessions: index.academicSessions,
      courses: index.courses,
      classes: index.classes,
      users: index.users,
    }
    const check = (
      entity: ValidationEntity,
      from: { sourcedId: string; status: string },
      target: Target,
      id: string | undefined,
      field: string,
      position?: number,
      subfield?: string,
    ): void => {
      if (id === undefined || !readTargets.has(target)) return
      const found: { status: string } | undefined = maps[target].get(id)
      if (found !== undefined && (found.status === 'active' || from.status !== 'active')) return
      // Paths are built only for the rare record that fails: a million enrollments pass.
      const path: (string | number)[] = [field]
      if (position !== undefined) path.push(position)
      if (subfield !== undefined) path.push(subfield)
      if (found === undefined) {
        ctx.report({
          code: 'dangling_reference',
          entity,
          sourcedId: from.sourcedId,
          path,
          message: `${path.join('.')} points to ${target} ${id}, which is not in the roster`,
        })
      } else {
        ctx.report({
          code: 'reference_to_deleted',
          entity,
          sourcedId: from.sourcedId,
          path,
          message: `${path.join('.')} points to ${target} ${id}, which is marked ${found.status}`,
        })
      }
    }
    checkAll(ctx, check, scope.isProcessed)
  },
}

type Check = (
  entity: ValidationEntity,
  from: { sourcedId: string; status: string },
  target: Target,
  id: string | undefined,
  field: string,
  position?: number,
  subfield?: string,
) => void

function checkAll(ctx: ValidationContext, check: Check, isProcessed: (r: { status: string }) => boolean): void {
  const { roster } = ctx
  for (const org of roster.orgs) {
    if (isProcessed(org)) check('orgs', org, 'orgs', org.parentSourcedId, 'parentSourcedId')
  }
  for (const s of roster.academicSessions) {
    if (!isProcessed(s)) continue
    check('academicSessions', s, 'academicSessions', s.parentSourcedId, 'parentSourcedId')
    check('academicSessions', s, 'orgs', s.orgSourcedId, 'orgSourcedId')
  }
  for (const c of roster.courses) {
    if (!isProcessed(c)) continue
    check('courses', c, 'orgs', c.orgSourcedId, 'orgSourcedId')
    check('courses', c, 'academicSessions', c.schoolYearSourcedId, 'schoolYearSourcedId')
  }
  for (const c of roster.classes) {
    if (!isProcessed(c)) continue
    check('classes', c, 'courses', c.courseSourcedId, 'courseSourcedId')
    check('classes', c, 'orgs', c.schoolSourcedId, 'schoolSourcedId')
    const terms = c.termSourcedIds
    for (let i = 0; i < terms.length; i++) check('classes', c, 'academicSessions', terms[i], 'termSourcedIds', i)
  }
  for (const u of roster.users) {
    if (!isProcessed(u)) continue
    const roles = u.roles
    for (let i = 0; i < roles.length; i++) check('users', u, 'orgs', roles[i]!.orgSourcedId, 'roles', i, 'orgSourcedId')
    check('users', u, 'orgs', u.primaryOrgSourcedId, 'primaryOrgSourcedId')
    const agents = u.agentSourcedIds
    for (let i = 0; i < agents.length; i++) check('users', u, 'users', agents[i], 'agentSourcedIds', i)
  }
  checkEnrollments(ctx, check, isProcessed)
  for (const d of roster.demographics) {
    if (isProcessed(d)) check('demographics', d, 'users', d.sourcedId, 'sourcedId')
  }
}

/**
 * Enrollments are most of a roster: look each referenced user and class up once per group the index
 * already holds, and walk a group's enrollments only when its target is missing or deleted.
 */
function checkEnrollments(ctx: ValidationContext, check: Check, isProcessed: (r: { status: string }) => boolean): void {
  const { roster, index } = ctx
  const groups: readonly [Target, ReadonlyMap<string, readonly Enrollment[]>, 'userSourcedId' | 'classSourcedId'][] = [
    ['users', index.enrollmentsByUser, 'userSourcedId'],
    ['classes', index.enrollmentsByClass, 'classSourcedId'],
  ]
  for (const [target, byTarget, field] of groups) {
    const targets: ReadonlyMap<string, { status: string }> = index[target]
    for (const [id, enrollments] of byTarget) {
      if (targets.get(id)?.status === 'active') continue
      for (const e of enrollments) if (isProcessed(e)) check('enrollments', e, target, id, field)
    }
  }
  // Enrollments come grouped by class, so consecutive ones usually name the same school.
  let lastSchool: string | undefined
  let lastActive = false
  for (const e of roster.enrollments) {
    if (e.schoolSourcedId === lastSchool && lastActive) continue
    lastSchool = e.schoolSourcedId
    lastActive = index.orgs.get(e.schoolSourcedId)?.status === 'active'
    if (!lastActive && isProcessed(e)) check('enrollments', e, 'orgs', e.schoolSourcedId, 'schoolSourcedId')
  }
}
