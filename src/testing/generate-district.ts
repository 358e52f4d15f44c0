/**
 * Placeholder until the district generator lands.
 * @module
 */
export {}
