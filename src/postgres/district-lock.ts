import { type Kysely, sql } from 'kysely'
import { DistrictBusyError } from './district-busy-error.js'

/**
 * One run per district at a time. On a Postgres server the lock is a session advisory lock held on
 * a connection of its own for the run's whole life: it spans processes and machines, and the
 * server drops it when the holder's connection dies (a killed run never leaves the district
 * locked). PGlite is one connection inside one process, where an advisory lock would always be
 * granted to its own session; there the lock is kept in the process, which is the only one that
 * may open that database.
 *
 * @module
 */

/** Releases a district lock. */
export type ReleaseDistrictLock = () => Promise<void>

/** Takes district locks for one database. */
export interface DistrictLocker {
  /**
   * Takes the district's lock without waiting.
   * @throws {DistrictBusyError} when another run holds it
   */
  acquire(district: string): Promise<ReleaseDistrictLock>
}

function busy(district: string): DistrictBusyError {
  return new DistrictBusyError(
    `Another sync of district "${district}" is running; this one was refused so the two never interleave`,
    district,
  )
}

/**
 * A locker on Postgres session advisory locks.
 * @param db - Kysely on a connection pool
 * @param scope - what the lock key is qualified with (the schema), so two schemas never share locks
 */
export function advisoryLocker(db: Kysely<unknown>, scope: string): DistrictLocker {
  return {
    acquire(district) {
      const key = `rosterkit:${scope}:${district}`
      return new Promise<ReleaseDistrictLock>((resolve, reject) => {
        let release: () => void = () => {}
        const held = new Promise<void>((r) => {
          release = r
        })
        const session = db.connection().execute(async (connection) => {
          const { rows } = await sql<{
            locked: boolean
          }>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`.execute(connection)
          if (rows[0]?.locked !== true) throw busy(district)
          resolve(async () => {
            release()
            await session
          })
          await held
          await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection)
        })
        session.catch(reject)
      })
    },
  }
}

const processLocks = new Map<unknown, Set<string>>()

/**
 * A locker kept in this process, for a database only this process can open (PGlite).
 * @param identity - what names the database: its folder, or the PGlite instance
 */
export function processLocker(identity: unknown): DistrictLocker {
  return {
    async acquire(district) {
      let held = processLocks.get(identity)
      if (!held) {
        held = new Set()
        processLocks.set(identity, held)
      }
      if (held.has(district)) throw busy(district)
      held.add(district)
      const locks = held
      return async () => {
        locks.delete(district)
      }
    },
  }
}
