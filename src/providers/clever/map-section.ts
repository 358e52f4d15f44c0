import type { Class, Course, Enrollment } from '../../model/index.js'
import { toCedsGrade } from './grades.js'
import { type CleverMappingContext, cleverProvenance } from './mapping-context.js'
import type { CleverSection } from './wire-schemas.js'
import { leftovers, present, toDateTime } from './wire-values.js'

/**
 * Clever sections → canonical classes, with the enrollments Clever only implies through the
 * section's `teacher`, `teachers` and `students` lists.
 *
 * @module
 */

/** Clever's subject for homeroom sections, which become classes of type `homeroom`. */
export const CLEVER_HOMEROOM_SUBJECT = 'homeroom/advisory'

/** What one section maps to. */
export interface CleverSectionMapping {
  /** The class. */
  class: Class
  /** One enrollment per teacher and student, sourcedId `<sectionId>-<userId>`. */
  enrollments: Enrollment[]
  /** A course made up for a section that names none (the model requires one), else absent. */
  syntheticCourse?: Course
}

/**
 * The sourcedId rosterkit gives the enrollment of a user in a section, which Clever does not
 * identify on its own.
 * @param sectionId - the Clever section id
 * @param userId - the Clever user id
 */
export function cleverEnrollmentId(sectionId: string, userId: string): string {
  return `${sectionId}-${userId}`
}

/**
 * The sourcedId of the course made up for a section without one.
 * @param sectionId - the Clever section id
 */
export function syntheticCourseId(sectionId: string): string {
  return `${sectionId}-course`
}

/**
 * The teacher ids of a section, primary teacher first, without repeats: Clever lists the primary
 * in `teacher` and usually, but not always, again in `teachers`.
 * @param section - a section
 */
export function sectionTeacherIds(section: CleverSection): string[] {
  const ids: string[] = []
  const primary = present(section.teacher)
  if (primary !== undefined) ids.push(primary)
  for (const id of section.teachers ?? []) if (present(id) !== undefined && !ids.includes(id)) ids.push(id)
  return ids
}

/**
 * Maps a Clever section to a class and its enrollments. `section_number` (else `sis_id`) becomes
 * the class code; `homeroom/advisory` sections are `homeroom` classes, the rest `scheduled`; the
 * primary teacher's enrollment is `primary: true`, other teachers' `primary: false`.
 * @param section - a section as read from `/sections`
 * @param ctx - the mapping context
 */
export function toCanonicalSection(section: CleverSection, ctx: CleverMappingContext): CleverSectionMapping {
  const sectionNumber = present(section.section_number)
  const classCode = sectionNumber ?? present(section.sis_id)
  const subject = present(section.subject)
  const grade = toCedsGrade(section.grade)
  const period = present(section.period)
  const term = present(section.term_id)
  const school = present(section.school) ?? present(section.district) ?? ''
  const modified = toDateTime(section.last_modified)
  const courseId = present(section.course)
  const title = present(section.name) ?? classCode ?? section.id
  const used = [
    'id',
    'name',
    'section_number',
    'subject',
    'grade',
    'period',
    'term_id',
    'school',
    'last_modified',
    'course',
    'teacher',
    'teachers',
    'students',
  ]
  if (sectionNumber === undefined) used.push('sis_id')
  const metadata = leftovers(section, used)
  const dated = modified === undefined ? {} : { dateLastModified: modified }

  let syntheticCourse: Course | undefined
  if (courseId === undefined) {
    const district = present(section.district)
    syntheticCourse = {
      sourcedId: syntheticCourseId(section.id),
      status: 'active',
      ...dated,
      title,
      grades: grade === undefined ? [] : [grade],
      subjects: subject === undefined ? [] : [subject],
      subjectCodes: [],
      ...(district === undefined ? {} : { orgSourcedId: district }),
      metadata: { synthesizedFromSection: section.id },
      provenance: cleverProvenance(ctx, section.id),
    }
  }

  const klass: Class = {
    sourcedId: section.id,
    status: 'active',
    ...dated,
    title,
    ...(classCode === undefined ? {} : { classCode }),
    classType: subject === CLEVER_HOMEROOM_SUBJECT ? 'homeroom' : 'scheduled',
    grades: grade === undefined ? [] : [grade],
    subjects: subject === undefined ? [] : [subject],
    subjectCodes: [],
    periods: period === undefined ? [] : [period],
    courseSourcedId: courseId ?? syntheticCourseId(section.id),
    schoolSourcedId: school,
    termSourcedIds: term === undefined ? [] : [term],
    ...(metadata === undefined ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }

  const enrollments: Enrollment[] = []
  const seen = new Set<string>()
  const primaryTeacher = present(section.teacher)
  const add = (userId: string, role: 'teacher' | 'student', primary: boolean | undefined): void => {
    const sourcedId = cleverEnrollmentId(section.id, userId)
    if (seen.has(sourcedId)) return
    seen.add(sourcedId)
    enrollments.push({
      sourcedId,
      status: 'active',
      ...dated,
      userSourcedId: userId,
      classSourcedId: section.id,
      schoolSourcedId: school,
      role,
      ...(primary === undefined ? {} : { primary }),
      provenance: cleverProvenance(ctx, section.id),
    })
  }
  for (const id of sectionTeacherIds(section)) add(id, 'teacher', id === primaryTeacher)
  for (const id of section.students ?? []) if (present(id) !== undefined) add(id, 'student', undefined)

  return syntheticCourse === undefined ? { class: klass, enrollments } : { class: klass, enrollments, syntheticCourse }
}
