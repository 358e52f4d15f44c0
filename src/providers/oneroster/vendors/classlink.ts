import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * ClassLink Roster Server, connected directly (OAuth 1.0a HMAC-SHA256, 1.1). Facts: ClassLink's
 * official OAuth 1 sample signs HMAC-SHA256 with the query in the base string and key `secret&`
 * (classlinkinc/request-libraries, `classlink-oneroster-oauth1/node/OneRoster.js`); the district's
 * server URL and client id come from the OneRoster proxy's `/applications/{id}/server`
 * (developer.classlink.com, "Obtaining list of districts and servers"). The `x-count` total header
 * and the page cap of 10,000 are guesses from integrator reports, not ClassLink documentation.
 */
export const classlinkProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'classlink',
  name: 'ClassLink Roster Server',
  versions: ['1.1', '1.2'],
  auth: ['oauth1', 'oauth2'],
  credentialNames: { clientId: 'client id (consumer key)', clientSecret: 'client secret (consumer secret)' },
  pageSize: 1000,
  maxPageSize: 10_000,
  countHeaders: ['x-total-count', 'x-count'],
  notes: [
    'Tenant admins must grant the app access in ClassLink before any call succeeds; a 403 before that is expected.',
  ],
}

/**
 * ClassLink through its OneRoster proxy (`oneroster-proxy.classlink.io`) with OAuth 2 bearer tokens.
 * Facts: developer.classlink.com ("Obtaining list of districts and servers") documents the proxy's
 * `/applications` listing with `Authorization: Bearer`. The `x-perm-rev` revision header is a guess
 * from integrator reports; rosterkit only compares it between pages.
 */
export const classlinkProxyProfile: VendorProfile = {
  ...classlinkProfile,
  id: 'classlink-proxy',
  name: 'ClassLink OneRoster proxy',
  auth: ['oauth2', 'bearer'],
  revisionHeader: 'x-perm-rev',
}
