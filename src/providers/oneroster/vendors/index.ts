/**
 * Every vendor profile rosterkit ships, by id.
 *
 * @module
 */
import { aeriesProfile } from './aeries.js'
import { classlinkProfile, classlinkProxyProfile } from './classlink.js'
import { edFiProfile } from './ed-fi.js'
import { genericProfile } from './generic.js'
import { infiniteCampusProfile } from './infinite-campus.js'
import { powerschoolProfile } from './powerschool.js'
import { skywardProfile } from './skyward.js'
import { synergyProfile } from './synergy.js'
import type { VendorId, VendorProfile } from './vendor-profile.js'

export type { VendorId, VendorProfile } from './vendor-profile.js'

/** The profiles, by id. */
export const VENDOR_PROFILES: Readonly<Record<VendorId, VendorProfile>> = {
  generic: genericProfile,
  classlink: classlinkProfile,
  'classlink-proxy': classlinkProxyProfile,
  'infinite-campus': infiniteCampusProfile,
  skyward: skywardProfile,
  synergy: synergyProfile,
  powerschool: powerschoolProfile,
  aeries: aeriesProfile,
  'ed-fi': edFiProfile,
}

/**
 * Looks up a profile; a custom profile object is returned as is.
 * @param vendor - a profile id or a profile
 * @default 'generic'
 */
export function resolveVendorProfile(vendor: VendorId | VendorProfile | undefined): VendorProfile {
  if (vendor === undefined) return genericProfile
  return typeof vendor === 'string' ? VENDOR_PROFILES[vendor] : vendor
}
