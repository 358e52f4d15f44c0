import type { MergeEntity, MergeRecord, MergeRecordMap } from '../merge/index.js'

/**
 * The query columns stored beside each canonical record, so a host filters and joins without
 * reaching into the JSONB.
 *
 * @module
 */

/** The query columns of one row. */
export interface RecordColumns {
  name: string | null
  given_name: string | null
  family_name: string | null
  email: string | null
  role: string | null
  org_key: string | null
  class_key: string | null
  user_key: string | null
  grades: string[]
  status: string
}

const NONE: Omit<RecordColumns, 'status'> = {
  name: null,
  given_name: null,
  family_name: null,
  email: null,
  role: null,
  org_key: null,
  class_key: null,
  user_key: null,
  grades: [],
}

/**
 * The query columns of a record.
 * @param entity - the record's collection
 * @param record - the canonical record
 */
export function recordColumns<E extends MergeEntity>(entity: E, record: MergeRecord<E>): RecordColumns {
  const base = { ...NONE, status: record.status }
  switch (entity) {
    case 'orgs': {
      const org = record as MergeRecordMap['orgs']
      return { ...base, name: org.name, role: org.type, org_key: org.parentSourcedId ?? null }
    }
    case 'academicSessions': {
      const session = record as MergeRecordMap['academicSessions']
      return { ...base, name: session.title, role: session.type, org_key: session.orgSourcedId ?? null }
    }
    case 'courses': {
      const course = record as MergeRecordMap['courses']
      return { ...base, name: course.title, org_key: course.orgSourcedId ?? null, grades: [...course.grades] }
    }
    case 'classes': {
      const cls = record as MergeRecordMap['classes']
      return { ...base, name: cls.title, org_key: cls.schoolSourcedId, grades: [...cls.grades] }
    }
    case 'users': {
      const user = record as MergeRecordMap['users']
      return {
        ...base,
        name: `${user.givenName} ${user.familyName}`.trim(),
        given_name: user.givenName,
        family_name: user.familyName,
        email: user.email ?? null,
        role: user.roles[0]?.role ?? null,
        org_key: user.primaryOrgSourcedId ?? user.roles[0]?.orgSourcedId ?? null,
        grades: [...user.grades],
      }
    }
    case 'enrollments': {
      const enrollment = record as MergeRecordMap['enrollments']
      return {
        ...base,
        role: enrollment.role,
        org_key: enrollment.schoolSourcedId,
        class_key: enrollment.classSourcedId,
        user_key: enrollment.userSourcedId,
      }
    }
    default:
      return base
  }
}
