#!/usr/bin/env node
/**
 * The rosterkit command line (Node only).
 * @module
 */
export {}
