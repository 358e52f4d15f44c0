import { describe, expect, it } from 'vitest'
import { type ConfigurationError, isConfigurationError } from '../../src/errors.js'
import { createRosterSync, type MergePolicyInput, planMerge } from '../../src/index.js'
import { createMergePolicy } from '../../src/merge/index.js'
import { generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from '../sync/fake-source.js'
import { schoolRoster } from './builders.js'

function refusal(run: () => unknown): ConfigurationError {
  try {
    run()
  } catch (error) {
    if (isConfigurationError(error)) return error
    throw error
  }
  throw new Error('expected a ConfigurationError')
}

const typo = (input: unknown): MergePolicyInput => input as MergePolicyInput

describe('merge policies refuse unknown keys', () => {
  const cases: [string, unknown, string[], string | undefined][] = [
    ['top level', { archiveTreshold: 0.5 }, ['archiveTreshold'], 'archiveThreshold'],
    ['roles', { roles: { studnet: { archive: true } } }, ['roles', 'studnet'], 'student'],
    ['a role policy', { roles: { student: { archve: true } } }, ['roles', 'student', 'archve'], 'archive'],
    ['entities', { entities: { class: { archive: true } } }, ['entities', 'class'], 'classes'],
    ['an entity policy', { entities: { classes: { sisWin: true } } }, ['entities', 'classes', 'sisWin'], 'sisWins'],
    [
      'the demographics policy',
      { entities: { demographics: { snyc: true } } },
      ['entities', 'demographics', 'snyc'],
      'sync',
    ],
    ['schools', { schools: { matchby: ['name'] } }, ['schools', 'matchby'], 'matchBy'],
  ]

  it.each(cases)('in %s', (_where, input, path, suggestion) => {
    const error = refusal(() => createMergePolicy(typo(input)))
    expect(error.issues.map((i) => ({ path: i.path.map(String), code: i.code, suggestion: i.suggestion }))).toEqual([
      { path, code: 'unrecognized_keys', suggestion },
    ])
    expect(error.message).toContain(`did you mean "${suggestion}"?`)
  })

  it('the reported typo: archiveTreshold no longer runs on the default threshold', () => {
    const error = refusal(() => createMergePolicy(typo({ archiveTreshold: 0.5 })))
    expect(error.message).toBe('Invalid merge policy: Unknown key "archiveTreshold"; did you mean "archiveThreshold"?')
    expect(error.toJSON()).toMatchObject({
      code: 'ROSTERKIT_CONFIGURATION',
      issues: [{ path: ['archiveTreshold'], code: 'unrecognized_keys', suggestion: 'archiveThreshold' }],
    })
  })

  it('school overrides stay free: their keys are sourcedIds of source schools', () => {
    expect(createMergePolicy({ schools: { overrides: { 'school-any-id': 'host-9' } } }).schools.overrides).toEqual({
      'school-any-id': 'host-9',
    })
  })

  it('a complete policy parses again unchanged', () => {
    const policy = createMergePolicy({ namespace: 'sis', roles: { student: { archive: true } } })
    expect(createMergePolicy(policy)).toEqual(policy)
  })

  it('planMerge refuses a policy with an unknown key before planning anything', () => {
    const error = refusal(() =>
      planMerge({
        existing: {},
        incoming: schoolRoster(),
        policy: typo({ roles: { teacher: { existing: 'skip', creat: false } } }),
      }),
    )
    expect(error.issues[0]).toMatchObject({ path: ['roles', 'teacher', 'creat'], suggestion: 'create' })
  })

  it('createRosterSync refuses a policy or district parameters with an unknown key when it is created', async () => {
    let pulls = 0
    const source = createFakeSource({
      pull: () => {
        pulls++
        return generateDistrict({ students: 20, seed: 3 })
      },
    })
    const store = new MemoryRosterStore()
    const policyError = refusal(() => createRosterSync({ source, store, policy: typo({ namespase: 'sis' }) }))
    expect(policyError.issues[0]).toMatchObject({ path: ['namespase'], suggestion: 'namespace' })
    const parametersError = refusal(() =>
      createRosterSync({ source, store, districtParameters: { quarantine: { enabeld: true } } as never }),
    )
    expect(parametersError.message).toContain('Unknown key "enabeld" in quarantine; did you mean "enabled"?')
    expect(pulls).toBe(0)
    expect(store.calls).toEqual({ create: 0, update: 0, archive: 0 })
  })
})
