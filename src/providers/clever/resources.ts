import type { ZodType } from 'zod'
import type { Paginator } from '../../transport/index.js'
import type { CleverHttp, CleverListRequest } from './clever-http.js'
import {
  type CleverCourse,
  CleverCourseSchema,
  type CleverDistrict,
  CleverDistrictSchema,
  type CleverResource,
  CleverResourceSchema,
  type CleverSchool,
  CleverSchoolSchema,
  type CleverSection,
  CleverSectionSchema,
  type CleverTerm,
  CleverTermSchema,
  type CleverUser,
  type CleverUserRole,
  CleverUserSchema,
} from './wire-schemas.js'

/**
 * Typed paginators over every Clever v3 data resource and its nested listings.
 *
 * @module
 */

/** Per-call options of a listing. */
export interface CleverListOptions {
  /** Records per page (`limit`, at most 10,000). @default the client's page size */
  limit?: number | undefined
  /** Resume after this record id (`starting_after`). */
  startingAfter?: string | undefined
  /** Cancels the listing. */
  signal?: AbortSignal | undefined
}

/** Options of user listings that accept a role filter. */
export interface CleverUserListOptions extends CleverListOptions {
  /** Only users holding this role. */
  role?: CleverUserRole | undefined
}

/** Options of a school's users. */
export interface CleverSchoolUsersOptions extends CleverListOptions {
  /** Only `student`, `teacher` or `staff`. */
  role?: 'student' | 'teacher' | 'staff' | undefined
  /** Only users whose primary school this is. */
  primary?: boolean | undefined
}

/** Per-call options of a single read. */
export interface CleverGetOptions {
  /** Cancels the request. */
  signal?: AbortSignal | undefined
}

/** `/districts`. */
export interface CleverDistrictsResource {
  /** The token's district (a district token sees exactly one). */
  list(options?: CleverListOptions): Paginator<CleverDistrict>
  /** One district. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverDistrict>
}

/** `/schools` and its nested listings. */
export interface CleverSchoolsResource {
  /** Every school. */
  list(options?: CleverListOptions): Paginator<CleverSchool>
  /** One school. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverSchool>
  /** Users associated with a school (`primary: true` for its primary users only). */
  users(id: string, options?: CleverSchoolUsersOptions): Paginator<CleverUser>
  /** A school's sections. */
  sections(id: string, options?: CleverListOptions): Paginator<CleverSection>
  /** A school's terms. */
  terms(id: string, options?: CleverListOptions): Paginator<CleverTerm>
  /** A school's courses. */
  courses(id: string, options?: CleverListOptions): Paginator<CleverCourse>
}

/** `/users` and its nested listings. */
export interface CleverUsersResource {
  /** Every user, or those of one role. */
  list(options?: CleverUserListOptions): Paginator<CleverUser>
  /** One user. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverUser>
  /** A user's sections. */
  sections(id: string, options?: CleverListOptions): Paginator<CleverSection>
  /** A user's schools. */
  schools(id: string, options?: CleverListOptions): Paginator<CleverSchool>
  /** A student's contacts (`/mycontacts`). */
  contacts(id: string, options?: CleverListOptions): Paginator<CleverUser>
  /** A teacher's or contact's students (`/mystudents`). */
  students(id: string, options?: CleverListOptions): Paginator<CleverUser>
  /** A student's teachers (`/myteachers`). */
  teachers(id: string, options?: CleverListOptions): Paginator<CleverUser>
  /** A user's resources. */
  resources(id: string, options?: CleverListOptions): Paginator<CleverResource>
}

/** `/sections` and its nested listings. */
export interface CleverSectionsResource {
  /** Every section. */
  list(options?: CleverListOptions): Paginator<CleverSection>
  /** One section. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverSection>
  /** A section's users, or those of one role. */
  users(id: string, options?: CleverListOptions & { role?: 'student' | 'teacher' | undefined }): Paginator<CleverUser>
  /** A section's resources. */
  resources(id: string, options?: CleverListOptions): Paginator<CleverResource>
}

/** `/terms` and its nested listings. */
export interface CleverTermsResource {
  /** Every term. */
  list(options?: CleverListOptions): Paginator<CleverTerm>
  /** One term. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverTerm>
  /** A term's sections. */
  sections(id: string, options?: CleverListOptions): Paginator<CleverSection>
  /** A term's schools. */
  schools(id: string, options?: CleverListOptions): Paginator<CleverSchool>
}

/** `/courses` and its nested listings. */
export interface CleverCoursesResource {
  /** Every course. */
  list(options?: CleverListOptions): Paginator<CleverCourse>
  /** One course. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverCourse>
  /** A course's sections. */
  sections(id: string, options?: CleverListOptions): Paginator<CleverSection>
  /** A course's schools. */
  schools(id: string, options?: CleverListOptions): Paginator<CleverSchool>
  /** A course's resources. */
  resources(id: string, options?: CleverListOptions): Paginator<CleverResource>
}

/** `/resources` and its nested listings. */
export interface CleverResourcesResource {
  /** Every resource. */
  list(options?: CleverListOptions): Paginator<CleverResource>
  /** One resource. @throws {NotFoundError} for an unknown id */
  get(id: string, options?: CleverGetOptions): Promise<CleverResource>
  /** A resource's users, or those of one role. */
  users(id: string, options?: CleverListOptions & { role?: 'student' | 'teacher' | undefined }): Paginator<CleverUser>
  /** A resource's sections. */
  sections(id: string, options?: CleverListOptions): Paginator<CleverSection>
  /** A resource's courses. */
  courses(id: string, options?: CleverListOptions): Paginator<CleverCourse>
}

/** Every data resource of the client. */
export interface CleverResources {
  /** `/districts`. */
  districts: CleverDistrictsResource
  /** `/schools`. */
  schools: CleverSchoolsResource
  /** `/users`. */
  users: CleverUsersResource
  /** `/sections`. */
  sections: CleverSectionsResource
  /** `/terms`. */
  terms: CleverTermsResource
  /** `/courses`. */
  courses: CleverCoursesResource
  /** `/resources`. */
  resources: CleverResourcesResource
}

function request<T>(
  options: (CleverListOptions & { role?: string | undefined; primary?: boolean | undefined }) | undefined,
  collection: string,
): CleverListRequest<T> {
  const params: [string, string][] = []
  if (options?.role !== undefined) params.push(['role', options.role])
  if (options?.primary === true) params.push(['primary', 'true'])
  if (options?.startingAfter !== undefined) params.push(['starting_after', options.startingAfter])
  return { searchParams: params, limit: options?.limit, signal: options?.signal, collection }
}

const enc = encodeURIComponent

/**
 * Builds the typed resources over the shared Clever request helpers.
 * @param c - the client's request helpers
 */
export function createCleverResources(c: CleverHttp): CleverResources {
  const get =
    <T>(path: string, schema: ZodType<T>) =>
    async (id: string, options?: CleverGetOptions): Promise<T> =>
      (await c.getRecord(`${path}/${enc(id)}`, schema, options?.signal)).record
  return {
    districts: {
      list: (o) => c.list('districts', CleverDistrictSchema, request(o, 'districts')),
      get: get('districts', CleverDistrictSchema),
    },
    schools: {
      list: (o) => c.list('schools', CleverSchoolSchema, request(o, 'schools')),
      get: get('schools', CleverSchoolSchema),
      users: (id, o) => c.list(`schools/${enc(id)}/users`, CleverUserSchema, request(o, 'users')),
      sections: (id, o) => c.list(`schools/${enc(id)}/sections`, CleverSectionSchema, request(o, 'sections')),
      terms: (id, o) => c.list(`schools/${enc(id)}/terms`, CleverTermSchema, request(o, 'terms')),
      courses: (id, o) => c.list(`schools/${enc(id)}/courses`, CleverCourseSchema, request(o, 'courses')),
    },
    users: {
      list: (o) => c.list('users', CleverUserSchema, request(o, 'users')),
      get: get('users', CleverUserSchema),
      sections: (id, o) => c.list(`users/${enc(id)}/sections`, CleverSectionSchema, request(o, 'sections')),
      schools: (id, o) => c.list(`users/${enc(id)}/schools`, CleverSchoolSchema, request(o, 'schools')),
      contacts: (id, o) => c.list(`users/${enc(id)}/mycontacts`, CleverUserSchema, request(o, 'users')),
      students: (id, o) => c.list(`users/${enc(id)}/mystudents`, CleverUserSchema, request(o, 'users')),
      teachers: (id, o) => c.list(`users/${enc(id)}/myteachers`, CleverUserSchema, request(o, 'users')),
      resources: (id, o) => c.list(`users/${enc(id)}/resources`, CleverResourceSchema, request(o, 'resources')),
    },
    sections: {
      list: (o) => c.list('sections', CleverSectionSchema, request(o, 'sections')),
      get: get('sections', CleverSectionSchema),
      users: (id, o) => c.list(`sections/${enc(id)}/users`, CleverUserSchema, request(o, 'users')),
      resources: (id, o) => c.list(`sections/${enc(id)}/resources`, CleverResourceSchema, request(o, 'resources')),
    },
    terms: {
      list: (o) => c.list('terms', CleverTermSchema, request(o, 'terms')),
      get: get('terms', CleverTermSchema),
      sections: (id, o) => c.list(`terms/${enc(id)}/sections`, CleverSectionSchema, request(o, 'sections')),
      schools: (id, o) => c.list(`terms/${enc(id)}/schools`, CleverSchoolSchema, request(o, 'schools')),
    },
    courses: {
      list: (o) => c.list('courses', CleverCourseSchema, request(o, 'courses')),
      get: get('courses', CleverCourseSchema),
      sections: (id, o) => c.list(`courses/${enc(id)}/sections`, CleverSectionSchema, request(o, 'sections')),
      schools: (id, o) => c.list(`courses/${enc(id)}/schools`, CleverSchoolSchema, request(o, 'schools')),
      resources: (id, o) => c.list(`courses/${enc(id)}/resources`, CleverResourceSchema, request(o, 'resources')),
    },
    resources: {
      list: (o) => c.list('resources', CleverResourceSchema, request(o, 'resources')),
      get: get('resources', CleverResourceSchema),
      users: (id, o) => c.list(`resources/${enc(id)}/users`, CleverUserSchema, request(o, 'users')),
      sections: (id, o) => c.list(`resources/${enc(id)}/sections`, CleverSectionSchema, request(o, 'sections')),
      courses: (id, o) => c.list(`resources/${enc(id)}/courses`, CleverCourseSchema, request(o, 'courses')),
    },
  }
}
