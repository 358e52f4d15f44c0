import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * A provider that follows the spec. Defaults: page size 500 (the 1EdTech/Ed-Fi reference server's
 * default cap, `src/utils/paginationLimits.js` in Ed-Fi-Alliance-OSS/edfi-oneroster), count from
 * `X-Total-Count` (OneRoster 1.2 OpenAPI) or `x-count`, 4 requests in flight (a guess that no
 * provider we know of refuses), ISO 8601 filter dates (spec §3.1).
 */
export const genericProfile: VendorProfile = { ...GENERIC_DEFAULTS, id: 'generic', name: 'OneRoster provider' }
