/**
 * Redis passwords the user gave this session, in memory only (docs/security.md): the settings keep a
 * batch's Redis URL without its password, so that a password is typed once per run of the app and
 * never written to disk, sent back to a renderer or logged.
 */
import { passwordOf, withoutPassword, withPassword } from '../../shared/redis-url';

/** A few Redis servers a session may name; past that the oldest password is forgotten. */
const MAX_KEPT = 8;

export class RedisPasswords {
  /** Password by the URL without it (user, host, port, database). */
  private readonly byUrl = new Map<string, string>();

  /**
   * The URL to connect with: `url` itself when it has a password (which is kept for later), else with
   * the password kept for it this session, else as it is (PIXELPOOL_REDIS_PASSWORD may still give one).
   */
  resolve(url: string): string {
    const key = withoutPassword(url);
    const own = passwordOf(url);
    if (own !== undefined) {
      this.byUrl.delete(key);
      this.byUrl.set(key, own);
      for (const old of this.byUrl.keys()) {
        if (this.byUrl.size <= MAX_KEPT) break;
        this.byUrl.delete(old);
      }
      return url;
    }
    const kept = this.byUrl.get(key);
    return kept === undefined ? url : withPassword(url, kept);
  }
}
