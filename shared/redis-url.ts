/**
 * The rule of a Redis URL (redis:// or rediss://, docs/distributed.md) and what may be done with its
 * password, in one place for the CLI's --redis (engine/distributed/redis-url.ts), the request schema
 * (engine/service/schemas.ts) and the Batch panel's field: none of it echoes a password.
 */
export const REDIS_SCHEMES = ['redis:', 'rediss:'] as const;

/** Credentials in any URL of a text: "scheme://user:secret@" keeps the user, "scheme://secret@" keeps nothing. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::([^\s/@]*))?@/gi;

/** Replaces the credentials of every URL in `text` with ***. */
export function redactUrls(text: string): string {
  return text.replace(URL_USERINFO, (_all, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}***@` : `${scheme}${user}:***@`,
  );
}

/** The longest URL taken (the app's request schema, the CLI): far above any real one, and bounded. */
export const MAX_REDIS_URL_LENGTH = 1000;
/** What every refusal says the URL must be (the CLI's --redis, the app's field). */
export const REDIS_URL_EXPECTED = 'a redis:// or rediss:// URL such as redis://:password@host:6379/0';

export type UrlCheck = { url: URL; problem?: undefined } | { url?: undefined; problem: { hint?: string } };

/** The one rule for a Redis URL: scheme, host, database number, nothing else; never the text echoed. */
export function checkRedisUrl(raw: string): UrlCheck {
  if (raw.length > MAX_REDIS_URL_LENGTH)
    return { problem: { hint: `it is longer than ${MAX_REDIS_URL_LENGTH} characters` } };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: {} };
  }
  if (!(REDIS_SCHEMES as readonly string[]).includes(url.protocol)) return { problem: {} };
  if (url.hostname === '') return { problem: { hint: 'it names no host' } };
  if (!/^\/?\d{0,2}$/.test(url.pathname))
    return { problem: { hint: 'the path is the database number, 0 to 99' } };
  if (url.search !== '' || url.hash !== '') return { problem: { hint: 'it takes no ?query or #fragment' } };
  return { url };
}

/**
 * Why `raw` is not a Redis URL (a sentence without the URL itself, which may hold a password), or
 * undefined when it is one: the request schema's check (engine/service/schemas.ts).
 */
export function redisUrlProblem(raw: string): string | undefined {
  const { problem } = checkRedisUrl(raw);
  if (problem === undefined) return undefined;
  return `must be ${REDIS_URL_EXPECTED}${problem.hint === undefined ? '' : `; ${problem.hint}`}`;
}

/**
 * `raw` without its password (the user name kept), for what is kept on disk: the app's settings. A
 * text that is not a Redis URL is returned with every URL's credentials redacted.
 */
export function withoutPassword(raw: string): string {
  const { url } = checkRedisUrl(raw);
  if (url === undefined) return redactUrls(raw);
  url.password = '';
  return url.href.replace(/\/$/, '');
}

/** The password of a Redis URL (decoded), or undefined when it has none. */
export function passwordOf(raw: string): string | undefined {
  const { url } = checkRedisUrl(raw);
  return url === undefined || url.password === '' ? undefined : decodeURIComponent(url.password);
}

/** `raw` (a Redis URL without a password) with `password` put in. */
export function withPassword(raw: string, password: string): string {
  const { url } = checkRedisUrl(raw);
  if (url === undefined) return raw;
  url.password = encodeURIComponent(password);
  return url.href.replace(/\/$/, '');
}
