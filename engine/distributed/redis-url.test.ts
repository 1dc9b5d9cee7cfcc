import { describe, expect, it } from 'vitest';
import { OptionError } from '../../shared/errors';
import {
  MAX_REDIS_URL_LENGTH,
  passwordOf,
  redactUrls,
  redisUrlProblem,
  withoutPassword,
  withPassword,
} from '../../shared/redis-url';
import { parseRedisUrl } from './redis-url';

describe('redactUrls', () => {
  it('takes the password out of every URL of a line, and a bare user-info whole', () => {
    expect(redactUrls('at redis://:pw@h:6379 and rediss://alice:p%40ss@host/2, ok')).toBe(
      'at redis://:***@h:6379 and rediss://alice:***@host/2, ok',
    );
    expect(redactUrls('redis://token@h')).toBe('redis://***@h');
    expect(redactUrls('no url here: a:b@c')).toBe('no url here: a:b@c');
    expect(redactUrls('redis://h:6379/0')).toBe('redis://h:6379/0');
  });
});

describe('parseRedisUrl', () => {
  it('reads host, port, db, user and password; rediss:// turns TLS on', () => {
    const plain = parseRedisUrl('redis://:s3cret@10.0.0.5:6380/3', {});
    expect(plain.connection).toEqual({ host: '10.0.0.5', port: 6380, db: 3, password: 's3cret' });
    expect(plain.shown).toBe('redis://:***@10.0.0.5:6380/3');
    const tls = parseRedisUrl('rediss://alice:p%40ss@redis.example', {});
    expect(tls.connection).toEqual({
      host: 'redis.example',
      port: 6379,
      db: 0,
      username: 'alice',
      password: 'p@ss',
      tls: { servername: 'redis.example' },
    });
  });

  it('redact removes the password however it appears, decoded or not', () => {
    const target = parseRedisUrl('redis://alice:p%40ss@h', {});
    expect(target.redact('AUTH p@ss failed for redis://alice:p%40ss@h (p%40ss)')).toBe(
      'AUTH *** failed for redis://alice:***@h (***)',
    );
  });

  it('takes the password from PIXELPOOL_REDIS_PASSWORD when the URL has none, and redacts it', () => {
    const target = parseRedisUrl('redis://h', { PIXELPOOL_REDIS_PASSWORD: 'fromenv' });
    expect(target.connection.password).toBe('fromenv');
    expect(target.redact('wrong password fromenv')).toBe('wrong password ***');
  });

  it('refuses what is not a redis URL in the one voice, never echoing the password', () => {
    for (const bad of [
      'http://u:topsecret@h',
      'redis://:topsecret@',
      'not a url',
      'redis://:topsecret@h/x',
      'redis://h?x=1',
    ]) {
      let error: unknown;
      try {
        parseRedisUrl(bad, {});
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(OptionError);
      expect((error as Error).message).toMatch(/^--redis must be a redis:\/\/ or rediss:\/\/ URL/);
      expect((error as Error).message).not.toContain('topsecret');
    }
  });
});

describe('the URL without its password, and back (the app keeps the password in memory only)', () => {
  it('drops the password and keeps the user, host, port and database', () => {
    expect(withoutPassword('redis://:s3cret@10.0.0.5:6380/3')).toBe('redis://10.0.0.5:6380/3');
    expect(withoutPassword('rediss://alice:p%40ss@host')).toBe('rediss://alice@host');
    expect(withoutPassword('redis://h:6379')).toBe('redis://h:6379');
    expect(withoutPassword('not a url with http://u:topsecret@h')).not.toContain('topsecret');
    expect(passwordOf('rediss://alice:p%40ss@host')).toBe('p@ss');
    expect(passwordOf('redis://h')).toBeUndefined();
    expect(withPassword('rediss://alice@host/2', 'p@ss')).toBe('rediss://alice:p%40ss@host/2');
    expect(parseRedisUrl(withPassword('redis://h:1', 'a b/c'), {}).connection.password).toBe('a b/c');
  });

  it('redisUrlProblem says what parseRedisUrl refuses, without the URL', () => {
    expect(redisUrlProblem('redis://:pw@h:6379/0')).toBeUndefined();
    expect(redisUrlProblem('http://u:topsecret@h')).toMatch(/^must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(redisUrlProblem('redis://h/x')).toMatch(/the path is the database number/);
    expect(redisUrlProblem(`redis://h/${'x'.repeat(MAX_REDIS_URL_LENGTH)}`)).toMatch(/longer than 1000/);
  });
});
