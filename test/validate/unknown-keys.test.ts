import { describe, expect, it } from 'vitest'
import { type ConfigurationError, isConfigurationError } from '../../src/errors.js'
import { closestMatch, editDistance } from '../../src/internal/closest-match.js'
import { MergePolicySchema } from '../../src/merge/index.js'
import {
  DistrictParametersSchema,
  parseDistrictParameters,
  resolveDistrictParameters,
  validateRoster,
} from '../../src/validate/index.js'
import { cleanRoster } from './fixtures.js'

function refusal(run: () => unknown): ConfigurationError {
  try {
    run()
  } catch (error) {
    if (isConfigurationError(error)) return error
    throw error
  }
  throw new Error('expected a ConfigurationError')
}

interface SchemaNode {
  def: {
    type: string
    innerType?: SchemaNode
    element?: SchemaNode
    options?: SchemaNode[]
    shape?: Record<string, SchemaNode>
    catchall?: SchemaNode
    keyType?: SchemaNode
    entries?: Record<string, string>
  }
}

/** Every object and record in a schema, by path, with whether it refuses keys it does not know. */
function keyedNodes(node: SchemaNode, path = ''): { path: string; strict: boolean }[] {
  const { def } = node
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return keyedNodes(def.innerType!, path)
    case 'array':
      return keyedNodes(def.element!, `${path}[]`)
    case 'union':
      return def.options!.flatMap((o) => keyedNodes(o, path))
    case 'object':
      return [
        { path, strict: def.catchall?.def.type === 'never' },
        ...Object.entries(def.shape!).flatMap(([k, v]) => keyedNodes(v, path ? `${path}.${k}` : k)),
      ]
    case 'record':
      // An enum-keyed record refuses other keys; a string-keyed one (school overrides) holds free ids.
      return [{ path, strict: def.keyType!.def.type === 'enum' }]
    default:
      return []
  }
}

describe('closestMatch', () => {
  it('measures edits and suggests only plausible typos', () => {
    expect(editDistance('archiveTreshold', 'archiveThreshold')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('studnet', 'student')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(closestMatch('archiveTreshold', ['namespace', 'archiveThreshold', 'roles'])).toBe('archiveThreshold')
    expect(closestMatch('STUDENT', ['student', 'teacher'])).toBe('student')
    expect(closestMatch('colour', ['namespace', 'roles'])).toBeUndefined()
    expect(closestMatch('x', [])).toBeUndefined()
  })
})

describe('every nested object of both configurations is strict', () => {
  it('district parameters', () => {
    const nodes = keyedNodes(DistrictParametersSchema as unknown as SchemaNode)
    expect(nodes.filter((n) => !n.strict)).toEqual([])
    expect(nodes.map((n) => n.path)).toEqual(
      expect.arrayContaining([
        '',
        'testingMeasures[]',
        'testingMeasures[].screeningClass',
        'screeningClass',
        'requiredIdentifiers',
        'emailDomains',
        'quarantine',
        'quarantine.maxShareBy',
        'severity',
      ]),
    )
  })

  it('merge policy, except the school overrides keyed by sourcedId', () => {
    const nodes = keyedNodes(MergePolicySchema as unknown as SchemaNode)
    expect(nodes.filter((n) => !n.strict).map((n) => n.path)).toEqual(['schools.overrides'])
    expect(nodes.map((n) => n.path)).toEqual(
      expect.arrayContaining(['', 'roles', 'roles.student', 'entities', 'entities.demographics', 'schools']),
    )
  })
})

describe('district parameters refuse unknown keys', () => {
  const cases: [string, unknown, string[], string | undefined][] = [
    ['top level', { testingMeasure: [] }, ['testingMeasure'], 'testingMeasures'],
    [
      'a testing measure',
      { testingMeasures: [{ id: 'r', grade: ['03'] }] },
      ['testingMeasures', '0', 'grade'],
      'grades',
    ],
    [
      "a measure's screening class",
      { testingMeasures: [{ id: 'r', screeningClass: { clasType: 'homeroom' } }] },
      ['testingMeasures', '0', 'screeningClass', 'clasType'],
      'classType',
    ],
    ['the screening class', { screeningClass: { subject: ['Math'] } }, ['screeningClass', 'subject'], 'subjects'],
    ['quarantine', { quarantine: { maxshare: 0.1 } }, ['quarantine', 'maxshare'], 'maxShare'],
    [
      'quarantine limits by group',
      { quarantine: { maxShareBy: { studnets: 0.1 } } },
      ['quarantine', 'maxShareBy', 'studnets'],
      'student',
    ],
    [
      'required identifiers',
      { requiredIdentifiers: { techer: ['email'] } },
      ['requiredIdentifiers', 'techer'],
      'teacher',
    ],
    ['email domains by category', { emailDomains: { studnet: ['a.org'] } }, ['emailDomains', 'studnet'], 'student'],
    [
      'severity overrides',
      { severity: { class_without_teachers: 'off' } },
      ['severity', 'class_without_teachers'],
      'class_without_teacher',
    ],
    ['a key like no other', { colourScheme: 'dark' }, ['colourScheme'], undefined],
  ]

  it.each(cases)('in %s', (_where, input, path, suggestion) => {
    const error = refusal(() => parseDistrictParameters(input))
    expect(error.issues).toHaveLength(1)
    const issue = error.issues[0]!
    expect({ path: issue.path.map(String), code: issue.code, suggestion: issue.suggestion }).toEqual({
      path,
      code: 'unrecognized_keys',
      suggestion,
    })
    const key = path.at(-1)!
    expect(error.message).toContain(`"${key}"`)
    if (suggestion) expect(error.message).toContain(`did you mean "${suggestion}"?`)
    else expect(error.message).not.toContain('did you mean')
  })

  it('through validateRoster and resolveDistrictParameters, before any rule runs', () => {
    const error = refusal(() => validateRoster(cleanRoster(), { recordProcesing: 'activeOnly' } as never))
    expect(error.message).toBe(
      'Invalid district parameters: Unknown key "recordProcesing"; did you mean "recordProcessing"?',
    )
    expect(() => resolveDistrictParameters({ schoolz: ['x'] } as never)).toThrow(/did you mean "schools"\?/)
  })

  it('names every unknown key and every bad value together', () => {
    const error = refusal(() =>
      parseDistrictParameters({ recordProcessing: 'sometimes', quarantine: { enable: true, maxShar: 1 } }),
    )
    expect(error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['recordProcessing', 'invalid_value'],
      ['quarantine.enable', 'unrecognized_keys'],
      ['quarantine.maxShar', 'unrecognized_keys'],
    ])
    expect(error.issues.map((i) => i.suggestion)).toEqual([undefined, 'enabled', 'maxShare'])
    expect(error.toJSON()).toMatchObject({ code: 'ROSTERKIT_CONFIGURATION' })
  })

  it('accepts parameters with every known key', () => {
    expect(() =>
      parseDistrictParameters({
        testingMeasures: [
          { id: 'r', name: 'R', subjects: ['a'], courseCodes: ['b'], grades: ['03'], screeningClass: {} },
        ],
        testDistribution: 'class',
        screeningClass: { classType: 'homeroom', courseCodes: ['x'], classCodePattern: '^H', subjects: ['y'] },
        recordProcessing: 'all',
        requiredIdentifiers: { student: ['stateId'] },
        schools: ['s1'],
        allowedGrades: ['03'],
        emailDomains: { teacher: ['d.org'] },
        quarantine: { enabled: true, maxShare: 0.1, maxShareBy: { enrollments: 0.2 } },
        severity: { grade_not_ceds: 'off' },
      }),
    ).not.toThrow()
  })
})
