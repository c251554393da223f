import { BOLD, COLOR_SCHEMES } from '../cowsay/color.js'
import { MAX_TEXT_LENGTH, OPTION_LIST, type CowOption } from '../cowsay/index.js'
import { RESULT_FORMAT_NAMES } from '../results/formats.js'

const WIDTH = 78

/** Words filled into lines of at most WIDTH columns, each after `indent`. */
function fill (text: string, indent: string, first = indent): string {
  const lines: string[] = []
  let line = first
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line.trim() !== '' && line.length + 1 + word.length > WIDTH) {
      lines.push(line)
      line = indent
    }
    line += (line.trim() === '' ? '' : ' ') + word
  }
  return [...lines, line].join('\n')
}

/** A short list of choices is worth showing; the cows have their own page. */
const choicesOf = (option: CowOption): readonly string[] =>
  option.field.kind === 'select' && option.field.link === undefined && option.field.choices().length <= 10 ? option.field.choices() : []

function optionLines (): string {
  const column = Math.max(...OPTION_LIST.map((option) => option.name.length)) + 4
  return OPTION_LIST.map((option) => {
    const choices = choicesOf(option)
    const text = option.description + (choices.length > 0 ? ` One of: ${choices.join(', ')}.` : '')
    // The name's column, less the space fill puts before the first word.
    return fill(text, ' '.repeat(column), `  ${option.name.padEnd(column - 3)}`)
  }).join('\n')
}

/**
 * What `curl host/` prints: what the service does and how to use it from a
 * terminal, with this service's own absolute URLs (`site`, an origin). The
 * options come from the option table, the formats from the format list.
 */
export function terminalHelp (site: string): string {
  return [
    'Cowsay as a Service: the classic cowsay over HTTP. Terminals get the cow as',
    'plain text, browsers get a page with a form and a link to share.',
    '',
    `  curl ${site}/say/Hello`,
    `  curl '${site}/think/Tea%3F?cow=tux'`,
    `  curl '${site}/say/Taste%20the%20rainbow?color=rainbow,${BOLD}'`,
    `  curl ${site}/say --data-urlencode 'text=Any text, spaces too'`,
    `  uname -a | curl ${site}/think --data-urlencode text@-`,
    `  curl ${site}/say --json '{"text": "Hi", "cow": "tux"}'`,
    '',
    fill(`The message is the rest of the path, percent-encoded (%20 is a space, %0A a new line), up to ${MAX_TEXT_LENGTH.toLocaleString('en')} characters. Or POST it to /say or /think, as the form field "text" or in JSON, with the options beside it.`, ''),
    '',
    'Options (query parameters, or fields of the POSTed form or JSON):',
    optionLines(),
    '',
    fill(`Colour: color=${COLOR_SCHEMES.join(', ')}, with ,${BOLD} (color=rainbow,${BOLD}) or ${BOLD} alone. Plain text then carries ANSI colour escapes; the page and the pictures show the same colours.`, ''),
    '',
    fill(`Formats: ?format=${RESULT_FORMAT_NAMES.join('|')}, or an Accept header, chooses for any client:`, ''),
    `  curl -H 'Accept: application/json' ${site}/say/moo`,
    `  curl -o cow.png '${site}/say/moo?format=png'`,
    '',
    fill('Fortunes, as `fortune | cowsay -n` draws them (their line breaks kept; nowrap=0 re-wraps them), with every option above: a random one (?db=riddles picks from one database, ?short=1 among the short ones), one by its link, the databases, and the cow of the day (UTC). A random cow or fortune is answered here, Content-Location naming its link.', ''),
    `  curl ${site}/fortune`,
    `  curl ${site}/fortune/riddles/13`,
    `  curl ${site}/fortunes`,
    `  curl ${site}/today`,
    '',
    `Every cow:   curl ${site}/cows`,
    `The form:    ${site}/ (in a browser)`,
    `The API:     ${site}/openapi.json`,
    ''
  ].join('\n')
}
