/**
 * The Clever v3.0/v3.1 provider: the client, district tokens, typed resources and events, wire
 * schemas and the pure mappers to the canonical roster.
 *
 * @module
 */

export * from '../../transport/public.js'
export type { CleverClient } from './client.js'
export { createCleverClient } from './client.js'
export type {
  CleverAppCredentials,
  CleverClientOptions,
  CleverCredentials,
  CleverTokenCredentials,
} from './client-options.js'
export { type CleverTokensRequestOptions, listCleverDistrictTokens, pickDistrictToken } from './district-tokens.js'
export {
  type CleverEvent,
  type CleverEventAction,
  type CleverEventDelta,
  type CleverEventParseFailure,
  type CleverEventParseResult,
  type CleverEventRecordMap,
  type CleverEventRecordType,
  cleverEventsToDelta,
  parseCleverEvent,
} from './events.js'
export {
  CLEVER_EMPTY_FEED_CURSOR_PREFIX,
  type CleverEventsResource,
  type CleverEventsSince,
  type CleverEventsSinceOptions,
} from './events-feed.js'
export { toCedsGrade, toCleverGrade } from './grades.js'
export { toCanonicalCourse } from './map-course.js'
export { toCanonicalDistrict, toCanonicalSchool } from './map-orgs.js'
export { type CleverCanonicalCollections, type CleverRecords, cleverToCanonical } from './map-roster.js'
export {
  CLEVER_HOMEROOM_SUBJECT,
  type CleverSectionMapping,
  cleverEnrollmentId,
  sectionTeacherIds,
  syntheticCourseId,
  toCanonicalSection,
} from './map-section.js'
export { toCanonicalTerm } from './map-term.js'
export {
  type CleverUserMapping,
  cleverContactRole,
  cleverStaffRole,
  linkContacts,
  toCanonicalUser,
} from './map-user.js'
export { type CleverApiVersion, type CleverMappingContext, cleverProvenance } from './mapping-context.js'
export type {
  CleverCoursesResource,
  CleverDistrictsResource,
  CleverGetOptions,
  CleverListOptions,
  CleverResources,
  CleverResourcesResource,
  CleverSchoolsResource,
  CleverSchoolUsersOptions,
  CleverSectionsResource,
  CleverTermsResource,
  CleverUserListOptions,
  CleverUsersResource,
} from './resources.js'
export * from './wire-schemas.js'
export { cleverDateToIsoDate, isoDateToCleverDate } from './wire-values.js'
