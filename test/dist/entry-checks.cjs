'use strict'
// One real call through each entry point of the installed package, shared by the ESM and the CJS
// consumer scripts (each passes in the module it loaded). Add a row when an entry point gains content;
// entries without a row are only checked to load and to export something.

const assert = require('node:assert/strict')

/** @type {Record<string, (mod: Record<string, any>, kind: 'esm' | 'cjs') => string | Promise<string>>} */
const checks = {
  '.': (m) => {
    const roster = m.createRoster({
      source: { kind: 'host' },
      pulledAt: '2025-01-01T00:00:00.000Z',
      users: [
        {
          sourcedId: 'u1',
          status: 'active',
          userIds: [],
          enabledUser: true,
          givenName: 'Ana',
          familyName: 'Lopez',
          roles: [{ roleType: 'primary', role: 'student', orgSourcedId: 's1' }],
          agentSourcedIds: [],
          grades: ['05'],
        },
      ],
    })
    assert.equal(m.parseRoster(JSON.parse(JSON.stringify(roster))).users.length, 1)
    assert.equal(m.indexRoster(roster).users.get('u1').givenName, 'Ana')
    assert.equal(m.roleCategory('guardian'), 'contact')
    let caught
    try {
      m.parseRoster({ ...roster, mode: 'sideways' })
    } catch (err) {
      caught = err
    }
    assert.ok(m.isRosterkitError(caught), 'parseRoster throws a rosterkit error')
    assert.ok(m.isModelValidationError(caught))
    assert.equal(caught.code, 'ROSTERKIT_MODEL')
    assert.deepEqual(caught.issues[0].path, ['mode'])
    assert.match(m.VERSION, /^\d+\.\d+\.\d+/)
    return 'createRoster, parseRoster, indexRoster, roleCategory, isModelValidationError'
  },
  './testing': (m) => {
    const roster = m.generateDistrict({ seed: 1, students: 50 })
    assert.equal(roster.users.filter((u) => u.roles[0].role === 'student').length, 50)
    assert.ok(roster.enrollments.length > 50)
    const again = m.generateDistrict({ seed: 1, students: 50 })
    assert.equal(JSON.stringify(again), JSON.stringify(roster))
    const { changes } = m.evolveDistrict(roster, { withdrawals: 1 })
    assert.equal(changes.withdrawals.length, 1)
    return 'generateDistrict, evolveDistrict'
  },
}

module.exports = { checks }
