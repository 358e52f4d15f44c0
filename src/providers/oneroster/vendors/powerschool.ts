import { GENERIC_DEFAULTS, type VendorProfile } from './vendor-profile.js'

/**
 * PowerSchool SIS (OneRoster plugin). Facts: the plugin's Data Configuration page shows the OAuth
 * client id and secret and a maximum page size that integrators ask districts to raise to 1000
 * (ClassLink support, "PowerSchool API Activation"; Instructure guides). PowerSchool's hosted
 * OneRoster takes `client_id`/`client_secret` in the token request body at
 * `https://accounts.powerschool.com/as/token.oauth2` (docs.powerschool.com, OneRoster
 * integrations); a district-hosted plugin's token path is a guess (`/oauth/access_token`).
 */
export const powerschoolProfile: VendorProfile = {
  ...GENERIC_DEFAULTS,
  id: 'powerschool',
  name: 'PowerSchool',
  versions: ['1.1', '1.2'],
  auth: ['oauth2'],
  tokenClientAuth: 'post',
  tokenUrlPattern: 'https://<host>/oauth/access_token',
  pageSize: 1000,
  maxPageSize: 1000,
  notes: ['Ask the district to raise the plugin maximum page size to 1000 under Data Configuration.'],
}
