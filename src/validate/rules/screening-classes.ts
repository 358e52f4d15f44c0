import type { CompiledScreeningRule } from '../resolve-parameters.js'
import type { ValidationRule } from '../rule.js'

/**
 * With tests distributed by class, every in-scope student needs exactly one screening class per
 * testing measure covering them: an active class they are actively enrolled in as a student that the
 * measure's screening-class rule matches. Flags none (`screening_class_missing`) and several
 * (`screening_class_ambiguous`). A district with no measures needs one screening class per student
 * under the district-wide rule.
 */
export const screeningClassesRule: ValidationRule = {
  name: 'screening-classes',
  check(ctx) {
    const { parameters, index, scope, roster } = ctx
    if (parameters.testDistribution !== 'class' || roster.mode === 'delta') return
    const measures: readonly { readonly id: string; readonly screening: CompiledScreeningRule }[] =
      parameters.testingMeasures.length > 0
        ? parameters.testingMeasures
        : [{ id: 'district', screening: parameters.screeningClass }]
    // Walk only the enrollments of screening classes (a few per student), never every enrollment:
    // per measure, each student's screening class ids.
    const found = measures.map(() => new Map<string, string | string[]>())
    for (const cls of roster.classes) {
      if (cls.status !== 'active') continue
      for (let m = 0; m < measures.length; m++) {
        if (!scope.isScreeningClass(cls, measures[m]!.screening)) continue
        const byStudent = found[m]!
        for (const e of index.enrollmentsByClass.get(cls.sourcedId) ?? []) {
          if (e.role !== 'student' || e.status !== 'active') continue
          const seen = byStudent.get(e.userSourcedId)
          if (seen === undefined) byStudent.set(e.userSourcedId, cls.sourcedId)
          else if (typeof seen === 'string') {
            if (seen !== cls.sourcedId) byStudent.set(e.userSourcedId, [seen, cls.sourcedId])
          } else if (!seen.includes(cls.sourcedId)) seen.push(cls.sourcedId)
        }
      }
    }
    for (const student of scope.studentsInScope) {
      const covering = parameters.testingMeasures.length > 0 ? scope.measuresFor(student) : measures
      for (const measure of covering) {
        const ids = found[measures.indexOf(measure)]?.get(student.sourcedId)
        if (typeof ids === 'string') continue
        if (ids === undefined) {
          ctx.report({
            code: 'screening_class_missing',
            entity: 'users',
            sourcedId: student.sourcedId,
            path: ['screeningClass', measure.id],
            message: `student ${student.sourcedId} has no screening class for measure ${measure.id}`,
          })
        } else {
          ctx.report({
            code: 'screening_class_ambiguous',
            entity: 'users',
            sourcedId: student.sourcedId,
            path: ['screeningClass', measure.id],
            message: `student ${student.sourcedId} has ${ids.length} screening classes for measure ${measure.id}: ${ids.join(', ')}`,
          })
        }
      }
    }
  },
}
