/* The evaluator: a parsed cow file's statements run with a face, to the drawing. Nothing else is run. */
import { CHILD_STATUS, LINE_NUMBER, THE_COW, type CowFace, type Expression, type Statement } from './program.js'

export function evaluate (program: readonly Statement[], face: CowFace): string {
  const variables = new Map<string, string>([
    ['eyes', face.eyes], ['tongue', face.tongue], ['thoughts', face.thoughts],
    [LINE_NUMBER, String(face.messageLines)], [CHILD_STATUS, '0']
  ])
  const eyes = Array.from(face.eyes)
  const value = (expression: Expression): string => {
    switch (expression.kind) {
      case 'text': return expression.parts.map(part => typeof part === 'string'
        ? part
        : 'eye' in part ? eyes[part.eye % 2] ?? '' : variables.get(part.variable) ?? '').join('')
      case 'variable': return variables.get(expression.name) ?? ''
      case 'concat': return expression.items.map(value).join('')
      case 'repeat': return value(expression.expression).repeat(expression.count)
      case 'chop': {
        const characters = Array.from(variables.get(expression.name) ?? '')
        const last = characters.pop() ?? ''
        variables.set(expression.name, characters.join(''))
        return last
      }
    }
  }
  for (const { target, append, expression, condition } of program) {
    if (condition !== undefined) {
      const current = variables.get(condition.name)
      const truth = current !== undefined && current !== '' && current !== '0'
      if (truth !== condition.truthy) continue
    }
    const result = value(expression)
    variables.set(target, append ? (variables.get(target) ?? '') + result : result)
  }
  return variables.get(THE_COW) ?? ''
}
