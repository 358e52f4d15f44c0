import { defineConfig, type Options } from 'tsup'

/**
 * Two builds from one entry map. ESM keeps every dependency external. CJS bundles the ESM-only
 * runtime dependencies (ky, p-retry, p-limit, oauth4webapi and their own ESM-only dependencies) so
 * `require('rosterkit')` works on every Node 20 release, including those before 20.19 that cannot
 * `require()` an ES module. zod, csv-parse and fflate ship CJS builds and stay external.
 */
const entry = {
  index: 'src/index.ts',
  oneroster: 'src/oneroster.ts',
  clever: 'src/clever.ts',
  csv: 'src/csv.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  postgres: 'src/postgres/index.ts',
  cli: 'src/cli/main.ts',
}

const common: Options = {
  entry,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  dts: true,
  splitting: true,
  treeshake: true,
  shims: false,
}

const esmOnlyDependencies = [
  /^ky($|\/)/,
  /^p-retry($|\/)/,
  /^p-limit($|\/)/,
  /^oauth4webapi($|\/)/,
  /^is-network-error($|\/)/,
  /^yocto-queue($|\/)/,
]

export default defineConfig([
  { ...common, format: ['esm'], clean: true },
  { ...common, format: ['cjs'], clean: false, noExternal: esmOnlyDependencies },
])
