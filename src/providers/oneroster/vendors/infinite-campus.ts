import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * Infinite Campus. Facts: base URL `https://<domain>/campus/api/ims/oneroster/rostering/v1p2` (1.2)
 * and token URL `https://<domain>/campus/oauth2/token?appName=<appName>` (SchoolDay and GG4L help
 * pages, "Establish a connection with Infinite Campus API 1.2"); OAuth 1.0 no longer supported
 * after 30 June 2023, 1.1 served over OAuth 2 (same pages; Classworks help centre). Moving a district
 * from 1.1 to 1.2 gives every user a new sourcedId (same pages): match by fallback keys then.
 * Demographics need an explicit permission (integrator reports; a guess that it answers 403).
 * Page cap unknown (guess: 1000).
 */
export const infiniteCampusProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'infinite-campus',
  name: 'Infinite Campus',
  auth: ['oauth2'],
  tokenUrlPattern: 'https://<domain>/campus/oauth2/token?appName=<appName>',
  basePathPattern: 'https://<domain>/campus/api/ims/oneroster/rostering/v1p2',
  pageSize: 1000,
  notes: [
    'Upgrading a district from 1.1 to 1.2 changes every sourcedId; run a full sync matching by email or state id.',
    'OAuth 1.0 is not accepted since 30 June 2023.',
  ],
}
