/**
 * The Redis a distributed batch goes through, as the user names it: a redis:// or rediss:// (TLS) URL,
 * credentials included. The password must never reach a log, an error or a progress line, so every
 * line the worker host and the submitter print passes redactSecrets, and the URL is shown only in its
 * redacted form (docs/distributed.md, "Security").
 */
import { OptionError } from '../../shared/errors';
import { checkRedisUrl, REDIS_URL_EXPECTED, redactUrls } from '../../shared/redis-url';

const DEFAULT_PORT = 6379;

/** What ioredis is given: the parts of the URL, so that no code of ours passes the URL string on. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** rediss://: TLS, checked against the system's CAs (and NODE_EXTRA_CA_CERTS). */
  tls?: { servername: string };
}

export interface RedisTarget {
  connection: RedisConnection;
  /** The URL with its password replaced by ***, for every line that names it. */
  shown: string;
  /** Removes the password (and URL credentials) from any text: logs, errors, job failure reasons. */
  redact(text: string): string;
}

/**
 * Parses `raw` (the --redis value). A password may also come from PIXELPOOL_REDIS_PASSWORD when the URL
 * has none, so that it need not stand on a command line other users of the machine can read (ps).
 */
export function parseRedisUrl(raw: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const { url, problem } = checkRedisUrl(raw);
  if (url === undefined) throw new OptionError('--redis', REDIS_URL_EXPECTED, redactUrls(raw), problem.hint);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password =
    url.password !== ''
      ? decodeURIComponent(url.password)
      : env.PIXELPOOL_REDIS_PASSWORD === undefined || env.PIXELPOOL_REDIS_PASSWORD === ''
        ? undefined
        : env.PIXELPOOL_REDIS_PASSWORD;
  // An IPv6 host comes in brackets from URL; ioredis wants it bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const connection: RedisConnection = {
    host,
    port,
    db: dbText === '' ? 0 : Number(dbText),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
  const shown = redactUrls(raw);
  // The password may also surface decoded, or on its own (a client library's message): taken out too.
  const secrets = [password, url.password].filter((s): s is string => s !== undefined && s.length > 0);
  const redact = (text: string) =>
    secrets.reduce((out, secret) => out.split(secret).join('***'), redactUrls(text));
  return { connection, shown, redact };
}
