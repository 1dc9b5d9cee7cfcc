import { join } from 'node:path';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../engine/service/limits';
import { OptionError } from '../../shared/errors';
import { parseWebHostArgs } from './args';

const env = { XDG_CONFIG_HOME: '/home/u/.config' };

/** The CommanderError parseWebHostArgs throws for `argv`, with commander's output silenced. */
function commanderErrorOf(argv: string[]): CommanderError {
  const write = process.stderr.write;
  const out = process.stdout.write;
  process.stderr.write = () => true;
  process.stdout.write = () => true;
  try {
    parseWebHostArgs(argv, env);
  } catch (error) {
    if (error instanceof CommanderError) return error;
    throw error;
  } finally {
    process.stderr.write = write;
    process.stdout.write = out;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('parseWebHostArgs', () => {
  it('defaults: a free port, the settings under XDG_CONFIG_HOME, one worker per core', () => {
    expect(parseWebHostArgs([], env)).toEqual({
      port: 0,
      settingsDir: join('/home/u/.config', 'pixelpool-web'),
      workers: undefined,
    });
  });

  it('takes --port, --settings-dir and --workers, as "--opt value" or "--opt=value"', () => {
    expect(parseWebHostArgs(['--port', '8080', '--settings-dir', '/tmp/s', '--workers=3'], env)).toEqual({
      port: 8080,
      settingsDir: '/tmp/s',
      workers: 3,
    });
  });

  it('falls back on PORT and PIXELPOOL_SETTINGS_DIR; the options win over them', () => {
    const withEnv = { ...env, PORT: '9000', PIXELPOOL_SETTINGS_DIR: '/srv/pp' };
    expect(parseWebHostArgs([], withEnv)).toMatchObject({ port: 9000, settingsDir: '/srv/pp' });
    expect(parseWebHostArgs(['--port=1234', '--settings-dir', '/x'], withEnv)).toMatchObject({
      port: 1234,
      settingsDir: '/x',
    });
    expect(() => parseWebHostArgs([], { ...env, PORT: 'http' })).toThrow(
      'PORT must be a whole number from 0 to 65535, got "http"',
    );
  });

  it('refuses out-of-range numbers with an OptionError, unknown options and missing values; --help exits 0', () => {
    for (const [argv, message] of [
      [['--port', '65536'], '--port must be a whole number from 0 to 65535, got "65536"'],
      [['--port', '-1'], '--port must be a whole number from 0 to 65535, got "-1"'],
      [['--workers', '0'], `--workers must be a whole number from 1 to ${LIMITS.maxWorkers}, got "0"`],
      [['--workers', String(LIMITS.maxWorkers + 1)], `got "${LIMITS.maxWorkers + 1}"`],
      [['--workers', '2.5'], 'got "2.5"'],
    ] as const) {
      expect(() => parseWebHostArgs([...argv], env)).toThrow(OptionError);
      expect(() => parseWebHostArgs([...argv], env)).toThrow(message);
    }
    for (const argv of [['--prot', '80'], ['--port']]) {
      expect(commanderErrorOf(argv).exitCode).toBe(1);
    }
    expect(commanderErrorOf(['--help']).exitCode).toBe(0);
  });
});
