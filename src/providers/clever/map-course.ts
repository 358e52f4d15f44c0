import type { Course } from '../../model/index.js'
import { type CleverMappingContext, cleverProvenance } from './mapping-context.js'
import type { CleverCourse } from './wire-schemas.js'
import { leftovers, present } from './wire-values.js'

/**
 * Clever courses → canonical courses.
 *
 * @module
 */

/**
 * Maps a Clever course: `name` → `title`, `number` → `courseCode`, `district` → `orgSourcedId`.
 * @param course - a course as read from `/courses`
 * @param ctx - the mapping context
 */
export function toCanonicalCourse(course: CleverCourse, ctx: CleverMappingContext): Course {
  const code = present(course.number)
  const org = present(course.district)
  const metadata = leftovers(course, ['id', 'name', 'number', 'district'])
  return {
    sourcedId: course.id,
    status: 'active',
    title: present(course.name) ?? code ?? course.id,
    ...(code === undefined ? {} : { courseCode: code }),
    grades: [],
    subjects: [],
    subjectCodes: [],
    ...(org === undefined ? {} : { orgSourcedId: org }),
    ...(metadata === undefined ? {} : { metadata }),
    provenance: cleverProvenance(ctx),
  }
}
