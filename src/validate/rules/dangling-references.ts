import type { Enrollment, Roster, RosterCollection, SourceIssue } from '../../model/index.js'
import type { ValidationEntity, ValidationIssueInput } from '../issues.js'
import type { RecordVisitor, ValidationContext, ValidationRule } from '../rule.js'
import { visitingRule } from '../visit-roster.js'

type Target = 'orgs' | 'academicSessions' | 'courses' | 'classes' | 'users'

/**
 * Flags references to records the roster does not hold (`dangling_reference`) and active records that
 * refer to `tobedeleted` ones (`reference_to_deleted`). References into a collection that was never
 * read are not checked; the completeness rule says so once.
 */
export const danglingReferencesRule: ValidationRule = visitingRule('dangling-references', (ctx) => {
  const { roster, index } = ctx
  const read = (name: RosterCollection): boolean => roster.completeness[name] !== undefined || roster[name].length > 0
  // An unread target has no map: references into it are not checked.
  const maps: Targets = {
    orgs: read('orgs') ? index.orgs : undefined,
    academicSessions: read('academicSessions') ? index.academicSessions : undefined,
    courses: read('courses') ? index.courses : undefined,
    classes: read('classes') ? index.classes : undefined,
    users: read('users') ? index.users : undefined,
  }
  return referenceVisitor(ctx, maps)
})

/**
 * Says why a missing target is missing when the source knows: its reader left the record out (a
 * source issue naming it, e.g. a CSV row without its course) or did not read its collection fully.
 * Looked up only for the rare reference that fails.
 */
function missingBecause(roster: Roster): (target: Target, id: string) => string {
  let skipped: Map<string, SourceIssue> | undefined
  return (target, id) => {
    if (skipped === undefined) {
      skipped = new Map()
      for (const i of roster.sourceIssues?.samples ?? []) {
        const key = `${i.collection}\u0000${i.sourcedId}`
        if (i.action === 'skipped' && i.sourcedId !== undefined && !skipped.has(key)) skipped.set(key, i)
      }
    }
    const issue = skipped.get(`${target}\u0000${id}`)
    if (issue !== undefined) {
      return `, which the source reader left out${issue.location === undefined ? '' : ` at ${issue.location}`}: ${issue.message}`
    }
    const completeness = roster.completeness[target]
    if (completeness?.complete === false) {
      return `, which is not in the roster; ${target} was not read completely${completeness.reason === undefined ? '' : ` (${completeness.reason})`}`
    }
    return ', which is not in the roster'
  }
}

type Targets = Readonly<Record<Target, ReadonlyMap<string, { status: string }> | undefined>>

type Check = (
  entity: ValidationEntity,
  from: { sourcedId: string; status: string },
  target: Target,
  id: string | undefined,
  field: string,
  position?: number,
  subfield?: string,
) => void

/** Builds the check that reports a reference through `report` unless it is fine. */
function makeCheck(
  maps: Targets,
  report: (issue: ValidationIssueInput) => void,
  because: (target: Target, id: string) => string,
): Check {
  return (entity, from, target, id, field, position, subfield) => {
    const map = maps[target]
    if (id === undefined || map === undefined) return
    const found = map.get(id)
    if (found !== undefined && (found.status === 'active' || from.status !== 'active')) return
    // Paths are built only for the rare record that fails: a million enrollments pass.
    const path: (string | number)[] = [field]
    if (position !== undefined) path.push(position)
    if (subfield !== undefined) path.push(subfield)
    if (found === undefined) {
      report({
        code: 'dangling_reference',
        entity,
        sourcedId: from.sourcedId,
        path,
        message: `${path.join('.')} points to ${target} ${id}${because(target, id)}`,
      })
    } else {
      report({
        code: 'reference_to_deleted',
        entity,
        sourcedId: from.sourcedId,
        path,
        message: `${path.join('.')} points to ${target} ${id}, which is marked ${found.status}`,
      })
    }
  }
}

/**
 * Returns true when the reference needs no issue: absent, into an unread collection, or to an active
 * record. Callers report through `check` only when this says no.
 */
function fine(map: ReadonlyMap<string, { status: string }> | undefined, id: string | undefined): boolean {
  return id === undefined || map === undefined || map.get(id)?.status === 'active'
}

function referenceVisitor(ctx: ValidationContext, maps: Targets): RecordVisitor {
  const isProcessed = ctx.scope.isProcessed
  const because = missingBecause(ctx.roster)
  const check = makeCheck(maps, ctx.report, because)
  // Enrollment user and class references are reported by target group once every record was seen;
  // the school references and demographics that follow them in the report wait until then.
  const schoolIssues: ValidationIssueInput[] = []
  const checkSchool = makeCheck(maps, (issue) => schoolIssues.push(issue), because)
  const demographicsIssues: ValidationIssueInput[] = []
  const checkDemographics = makeCheck(maps, (issue) => demographicsIssues.push(issue), because)
  const orgs = maps.orgs
  const users = maps.users
  // Users come grouped by school: an org just found active needs no second lookup.
  let lastActiveOrg: string | undefined
  // Enrollments come grouped by class, so consecutive ones usually name the same school.
  let lastSchool: string | undefined
  let lastSchoolActive = false
  return {
    orgs(org) {
      if (isProcessed(org)) check('orgs', org, 'orgs', org.parentSourcedId, 'parentSourcedId')
    },
    academicSessions(s) {
      if (!isProcessed(s)) return
      check('academicSessions', s, 'academicSessions', s.parentSourcedId, 'parentSourcedId')
      check('academicSessions', s, 'orgs', s.orgSourcedId, 'orgSourcedId')
    },
    courses(c) {
      if (!isProcessed(c)) return
      check('courses', c, 'orgs', c.orgSourcedId, 'orgSourcedId')
      check('courses', c, 'academicSessions', c.schoolYearSourcedId, 'schoolYearSourcedId')
    },
    classes(c) {
      if (!isProcessed(c)) return
      check('classes', c, 'courses', c.courseSourcedId, 'courseSourcedId')
      check('classes', c, 'orgs', c.schoolSourcedId, 'schoolSourcedId')
      const terms = c.termSourcedIds
      for (let i = 0; i < terms.length; i++) check('classes', c, 'academicSessions', terms[i], 'termSourcedIds', i)
    },
    users(u) {
      if (!isProcessed(u)) return
      const roles = u.roles
      for (let i = 0; i < roles.length; i++) {
        const org = roles[i]!.orgSourcedId
        if (org === lastActiveOrg) continue
        if (fine(orgs, org)) lastActiveOrg = org
        else check('users', u, 'orgs', org, 'roles', i, 'orgSourcedId')
      }
      const primary = u.primaryOrgSourcedId
      if (primary !== lastActiveOrg && !fine(orgs, primary)) check('users', u, 'orgs', primary, 'primaryOrgSourcedId')
      const agents = u.agentSourcedIds
      for (let i = 0; i < agents.length; i++) {
        if (!fine(users, agents[i])) check('users', u, 'users', agents[i], 'agentSourcedIds', i)
      }
    },
    enrollments(e) {
      if (e.schoolSourcedId === lastSchool && lastSchoolActive) return
      lastSchool = e.schoolSourcedId
      lastSchoolActive = ctx.index.orgs.get(e.schoolSourcedId)?.status === 'active'
      if (!lastSchoolActive && isProcessed(e))
        checkSchool('enrollments', e, 'orgs', e.schoolSourcedId, 'schoolSourcedId')
    },
    demographics(d) {
      if (isProcessed(d) && !fine(users, d.sourcedId))
        checkDemographics('demographics', d, 'users', d.sourcedId, 'sourcedId')
    },
    finish() {
      checkEnrollmentTargets(ctx, check, isProcessed)
      for (const issue of schoolIssues) ctx.report(issue)
      for (const issue of demographicsIssues) ctx.report(issue)
    },
  }
}

/**
 * Enrollments are most of a roster: look each referenced user and class up once per group the index
 * already holds, and walk a group's enrollments only when its target is missing or deleted.
 */
function checkEnrollmentTargets(
  ctx: ValidationContext,
  check: Check,
  isProcessed: (r: { status: string }) => boolean,
): void {
  const { index } = ctx
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
}
