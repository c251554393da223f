/*
 * Slash commands made the way Mattermost makes them, from its documentation
 * ("Slash commands", outgoing request): a form body with the command's token
 * in the `token` field, and the same token in `Authorization: Token <token>`.
 */

export const MATTERMOST_TOKEN = 'xr3j5x3p4pfk7kk3qm7g1wuf9o'

/** A command's form body with Mattermost's fields; `text` as the user typed it (Mattermost does not escape it). */
export function mattermostBody (text: string, command = '/cowsay', token = MATTERMOST_TOKEN): string {
  return new URLSearchParams({
    channel_id: 'ag6b6xn4xbgc8m4n5s3cs1q3gy',
    channel_name: 'town-square',
    command,
    response_url: 'https://mattermost.example/hooks/commands/4f8yqyqfkbf7bqxmsf6p3qhbte',
    team_domain: 'example',
    team_id: 'tzy5ecb7ejr8jcfyr5dgafmxbe',
    text,
    token,
    trigger_id: 'OWI2a3N3Nzl6dGdtZmJxN3d0ZzN6ZnFxdGc6cnN0NWFxcmR5ZmdiZnJkaWJ1NWtmdGN4NGM6MTc5MzUzNDQwMDAwMDpNRVVDSVFDdz09',
    user_id: 'rsj5aqrdyfgbfrdibu5kftcx4c',
    user_name: 'steve'
  }).toString()
}

export const mattermostHeaders = (token = MATTERMOST_TOKEN): Record<string, string> => ({
  'content-type': 'application/x-www-form-urlencoded',
  authorization: `Token ${token}`
})
