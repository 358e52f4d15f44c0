/** The rosterkit version, kept in step with package.json by a test. */
export const VERSION: string = '0.1.0'
