import t from 'tap'
import { CHAT_PLATFORMS } from '../../src/chat/platforms.js'
import { ACCEPT, build } from '../helper.js'
import { buildChatApp, docsExample, expectRefusals, webDrawing } from '../support/chat.js'
import { CHAT_DRIVERS, postTo } from '../support/chat-platforms.js'
import { quote } from '../support/quote.js'

// The checks every chat platform passes, run for each one CHAT_PLATFORMS declares: a new
// platform gets them by being declared and given its driver (test/support/chat-platforms.ts).
// What is a platform's own (Slack's certificate check, Discord's PING and autocomplete, help and
// mistakes in each one's words) stays in test/routes/<platform>.test.ts.

for (const { name, path } of CHAT_PLATFORMS) {
  t.test(`${name} (POST ${path})`, async (t) => {
    const driver = CHAT_DRIVERS[path]
    if (driver === undefined) return t.fail(`no driver for ${name} in test/support/chat-platforms.ts`)
    const prepared = await driver.prepare?.()
    const on = async (overrides = {}): ReturnType<typeof buildChatApp> => await buildChatApp(t, { ...driver.config, ...prepared, ...overrides })
    const signed = (body: string | Buffer): Record<string, string> => driver.signed(body)

    t.test(`POST ${path} is off (404) without its secret`, async (t) => {
      const app = await build(t)
      const response = await postTo(app, path, driver.off.body, { ...signed(driver.off.body), accept: ACCEPT.json })
      t.equal(response.statusCode, 404)
      t.equal(response.json().error, 'Not Found')
      t.notMatch(response.body, driver.off.silent)
    })

    t.test('a verified command posts the cow with the link to its page', async (t) => {
      const app = await on()
      const body = driver.body(driver.drawn[0]?.[0], driver.drawn[0]?.[1])
      const response = await postTo(app, path, body, signed(body))
      t.equal(response.statusCode, 200)
      t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
      t.equal(response.headers['cache-control'], 'no-store')
      driver.hello(t, response)
      const { drawing, permalink } = driver.readCow(driver.message(response).text)
      t.equal(drawing, await webDrawing(app, permalink), 'the link shows the same cow')
    })

    t.test(`a request that is not from ${name} gets 401 and no cow`, async (t) => {
      const app = await on()
      const post = async (body: string | Buffer, headers?: Record<string, string>): ReturnType<typeof postTo> => await postTo(app, path, body, headers ?? signed(body))
      for (const [name, payload, headers, reason] of driver.forged()) {
        const response = await post(payload, headers)
        t.equal(response.statusCode, 401, `${name}: 401`)
        t.match(response.json().message, reason, `${name}: ${response.json().message}`)
        t.notMatch(response.body, driver.noCow, `${name}: no cow`)
        if (driver.leaks !== undefined) t.notMatch(response.body, driver.leaks, `${name}: no token in the answer`)
      }
      await driver.afterForged?.(t, post)
    })

    t.test('every option draws what the web draws at the link', async (t) => {
      const app = await on()
      for (const [input, command, webPath] of driver.drawn) {
        const label = `${command} ${typeof input === 'string' ? quote(input) : JSON.stringify(input)}`
        const body = driver.body(input, command)
        const response = await postTo(app, path, body, signed(body))
        t.equal(response.statusCode, 200, `${label}: answered`)
        const answer = driver.message(response)
        if (answer.inChannel !== undefined) t.equal(answer.inChannel, true, `${label}: in the channel`)
        const { drawing, permalink, language } = driver.readCow(answer.text)
        if (language !== undefined) t.equal(language, '', `${label}: a plain code block`)
        t.equal(permalink, 'http://cows.test' + webPath, `${label}: links to ${webPath}`)
        t.equal(drawing, await webDrawing(app, permalink), `${label}: the same drawing as the web`)
      }
    })

    t.test('bodies that are too big, of another type or broken get 413, 415 and 400', async (t) => {
      const app = await on()
      const post = async (body: string | Buffer, headers?: Record<string, string>): ReturnType<typeof postTo> => await postTo(app, path, body, headers ?? signed(body))
      await expectRefusals(t, driver.badBodies(), post, driver.noCow)
      await driver.afterBadBodies?.(t, post)
    })

    t.test('the documented example answer is the one the app gives', async (t) => {
      const example = docsExample(driver.docs.page, 'What it answers')
      t.ok(example, `${driver.docs.page} shows an example answer`)
      const app = await on({ publicUrl: 'https://cowsay.example' })
      t.equal((await postTo(app, path, driver.docs.body, signed(driver.docs.body))).body, example)
    })
  })
}
