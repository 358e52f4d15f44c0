import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * The Ed-Fi / 1EdTech OneRoster reference server. Facts (Ed-Fi-Alliance-OSS/edfi-oneroster):
 * default page cap 500, configurable up to 10,000 (`src/utils/paginationLimits.js`); OAuth 2 with the
 * 1.2 scopes, also accepting `roster.readonly` for demographics (`src/middleware/authorizationHandler.js`);
 * demographics singular envelope key `demographics` (`config/swagger.yml`).
 */
export const edFiProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'ed-fi',
  name: 'Ed-Fi OneRoster',
  versions: ['1.2'],
  auth: ['oauth2'],
  pageSize: 500,
  maxPageSize: 500,
}
