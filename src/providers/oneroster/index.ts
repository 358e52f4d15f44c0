/**
 * The OneRoster REST 1.1 and 1.2 provider: client, filter builder, vendor profiles, wire schemas,
 * the tolerant wire reader and the pure wire → canonical mappers.
 *
 * @module
 */

export * from '../../transport/public.js'
export {
  defaultScopes,
  type OneRosterAuth,
  type OneRosterBearer,
  type OneRosterOAuth1,
  type OneRosterOAuth2,
} from './auth-options.js'
export { type OneRosterBaseUrls, resolveBaseUrls } from './base-url.js'
export {
  type CollectionResource,
  createOneRosterClient,
  type GetOptions,
  type ListOptions,
  type OneRosterClient,
  type OneRosterClientOptions,
} from './client.js'
export {
  COLLECTION_ENDPOINTS,
  type CollectionEndpoint,
  NESTED_ENDPOINTS,
  type NestedCollectionName,
  type NestedEndpoint,
  nestedPath,
  type OneRosterCollectionName,
  VERSION_PATHS,
} from './endpoints.js'
export {
  and,
  type FieldFilterBuilder,
  Filter,
  type FilterDateFormat,
  type FilterOperator,
  type FilterPredicate,
  type FilterRenderOptions,
  type FilterValue,
  formatFilterDate,
  or,
  where,
} from './filter.js'
export { filterFieldNames } from './filter-fields.js'
export {
  type CanonicalContext,
  RACE_FLAGS,
  toCanonicalAcademicSession,
  toCanonicalClass,
  toCanonicalCourse,
  toCanonicalDemographics,
  toCanonicalEnrollment,
  toCanonicalOrg,
  toCanonicalUser,
} from './to-canonical.js'
export { resolveVendorProfile, VENDOR_PROFILES, type VendorId, type VendorProfile } from './vendors/index.js'
export {
  FIELD_SPECS,
  type FieldFlags,
  type FieldSpec,
  type OneRosterVersion,
  type RecordSpec,
  type WireRecordKind,
} from './wire/field-spec.js'
export { type ReadContext, readWireRecord } from './wire/read-record.js'
export { ONEROSTER_WIRE_SCHEMAS } from './wire/wire-schemas.js'
export type * from './wire/wire-types.js'
export { WarningCollector, type WarningSink, type WireWarning, type WireWarningCode } from './wire/wire-warning.js'
