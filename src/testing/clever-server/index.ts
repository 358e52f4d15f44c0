/**
 * Placeholder until this module lands.
 * @module
 */
export {}
