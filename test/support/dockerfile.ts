import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DockerfileParser, ModifiableInstruction, type Instruction } from 'dockerfile-ast'
import { ROOT } from './node-server.js'

/** One FROM ... up to the next FROM. */
export interface Stage {
  name: string | null
  image: string
  instructions: Instruction[]
}

/** A COPY in the runtime stage: where it takes files from, and where it puts them. */
export interface RuntimeCopy {
  /** The stage it copies from, or null for the build context (the repository). */
  fromStage: string | null
  sources: string[]
  destination: string
}

export function readStages (): Stage[] {
  const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
  const stages: Stage[] = []
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', as, name] = instruction.getArguments().map((argument) => argument.getValue())
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name ?? null : null, instructions: [] })
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return stages
}

export const argumentsOf = (instruction: Instruction): string[] => instruction.getArguments().map((argument) => argument.getValue())

/** The flag's value, e.g. `--from=build` gives 'build'. */
function flag (instruction: Instruction, name: string): string | null {
  if (!(instruction instanceof ModifiableInstruction)) return null
  return instruction.getFlags().find((candidate) => candidate.getName() === name)?.getValue() ?? null
}

/** The COPY instructions of the last stage, the one the image runs. */
export function runtimeCopies (): RuntimeCopy[] {
  const runtime = readStages().at(-1)
  if (runtime === undefined) throw new Error('the Dockerfile has no stage')
  return runtime.instructions.filter((instruction) => instruction.getKeyword() === 'COPY').map((instruction) => {
    const paths = argumentsOf(instruction)
    return { fromStage: flag(instruction, 'from'), sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' }
  })
}
