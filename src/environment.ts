/**
 * Reading the environment: what config.ts and the chat platforms' secret declarations share.
 * Nothing here knows which variables exist; each is declared where it is used.
 */

export type Env = Readonly<Record<string, string | undefined>>

/** A variable that cannot be used as set: the message names it and its rule, never a secret's value. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** A comma-separated list of secrets, each checked by `valid`; the message never repeats one. */
export function readSecrets (env: Env, name: string, valid: (secret: string) => boolean, rule: string): string[] {
  const secrets = (env[name] ?? '').split(',').map((secret) => secret.trim()).filter((secret) => secret !== '')
  const bad = secrets.findIndex((secret) => !valid(secret))
  if (bad !== -1) throw new ConfigError(`${name} must be ${rule}; value ${bad + 1} of ${secrets.length} is not`)
  return secrets
}
