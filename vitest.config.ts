import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Examples import rosterkit by its package names, as users do; in this repository those names
// resolve to the sources, so examples run without a build. (The dist test covers the built package.)
const src = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^rosterkit$/, replacement: src('index.ts') },
      { find: /^rosterkit\/(oneroster|clever|csv)$/, replacement: src('$1.ts') },
      { find: /^rosterkit\/(node|testing|postgres)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/dist/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
