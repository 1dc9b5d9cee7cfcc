import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
// js-yaml is electron-builder's own YAML parser (a dependency of it), so the file is read as it will be.
const yaml = createRequire(join(root, 'node_modules/app-builder-lib/package.json'))('js-yaml') as {
  load(text: string): unknown;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  return yaml.load(await readFile(join(root, 'electron.builder.yml'), 'utf8')) as BuilderConfig;
}

describe('electron.builder.yml', () => {
  it('packages the electron-vite output with the worker and sharp outside the archive', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('PixelPool');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.files).toEqual(['out/**', 'package.json']);
    expect(config.asarUnpack).toEqual(['out/main/**', 'node_modules/{sharp,@img,detect-libc,semver}/**']);
  });

  it('targets AppImage and deb, NSIS, and dmg', async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('turns off the fuses the app does not need', async () => {
    const { electronFuses: fuses } = await loadConfig();
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});

describe('the runAsNode fuse', () => {
  it("is safe to turn off: no app code but the engine's process pool forks (fork needs ELECTRON_RUN_AS_NODE)", async () => {
    // The one fork: the process pool's default spawner, for the CLI and the web host (plain Node).
    const processPool = join(root, 'engine/pool/process-slot.ts');
    const offenders: string[] = [];
    for (const dir of ['electron', 'engine', 'hosts', 'shared', 'workers']) {
      for (const file of await sourceFiles(join(root, dir))) {
        const code = await readFile(file, 'utf8');
        if (file === processPool) continue;
        const usesChildProcess =
          /from\s+['"](node:)?child_process['"]|require\(\s*['"](node:)?child_process['"]\s*\)/.test(code);
        if (file.startsWith(join(root, 'electron')) && usesChildProcess) {
          offenders.push(`${relative(root, file)} (the shell must not use child_process)`);
        }
        if ((usesChildProcess && /\bfork\s*\(/.test(code)) || code.includes('ELECTRON_RUN_AS_NODE')) {
          offenders.push(relative(root, file));
        }
      }
    }
    // If this fails: use Electron's utilityProcess in the shell, or set runAsNode: true in electron.builder.yml.
    expect(offenders).toEqual([]);
  });

  it('the desktop app starts its process pool with utilityProcess, never with child_process.fork of node', async () => {
    // Without a processSpawner the service would fork the app's own binary as node, which the fuse forbids.
    const main = await readFile(join(root, 'electron/main/index.ts'), 'utf8');
    expect(main).toMatch(/processSpawner:\s*utilitySlotSpawner\(/);
    expect(main).toMatch(/utilityProcess\.fork\(/);
    const slot = await readFile(join(root, 'electron/main/utility-slot.ts'), 'utf8');
    expect(slot).toMatch(/ProcessSlot\.spawnerFor\(/);
    expect(slot).not.toMatch(/ProcessSlot\.spawn\b(?!erFor)/);
  });
});

describe('the app icons', () => {
  it('has the Linux icon set at every size, each exactly that size', async () => {
    const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
    for (const size of sizes) {
      const meta = await sharp(join(root, `assets/icons/png/${size}x${size}.png`)).metadata();
      expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['png', size, size, true]);
    }
  });

  it('has a 1024 px icon.png for macOS and Windows, transparent in the corners', async () => {
    const { data, info } = await sharp(join(root, 'assets/icons/icon.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1024, 1024, 4]);
    expect(data[3]).toBe(0);
    const centre = (512 * 1024 + 512) * 4;
    expect(data[centre + 3]).toBe(255);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}
