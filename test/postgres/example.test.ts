import { describe, expect, it } from 'vitest'
import { main as postgresNightly } from '../../examples/postgres-nightly.js'
import { DRIVERS, dropSchema, OPEN_TIMEOUT, SERVER_URL, uniqueSchema } from './databases.js'

describe.each(DRIVERS)('example postgres-nightly on $name', (driver) => {
  it.skipIf(driver.skip)(
    'syncs two nights into the database and lists both runs',
    async () => {
      const schema = uniqueSchema('example')
      const onServer = !driver.name.startsWith('PGlite')
      try {
        const { nights, runs, activeStudents } = await postgresNightly(onServer ? SERVER_URL : 'memory://', schema)
        expect(nights.map((n) => n.outcome)).toEqual(['applied', 'applied'])
        expect(nights[1]?.report.data.mode.kind).toBe('incremental')
        expect(nights[1]?.report.data.plan?.byRole.student.create).toBe(4)
        expect(runs.map((r) => [r.operation, r.outcome])).toEqual([
          ['run', 'applied'],
          ['run', 'applied'],
        ])
        expect(activeStudents).toBe(203)
      } finally {
        if (onServer) await dropSchema(schema)
      }
    },
    OPEN_TIMEOUT,
  )
})
