/**
 * Placeholder until this layer lands.
 * @module
 */
export {}
