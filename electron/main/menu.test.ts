import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from './menu';

function actions(): MenuActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    openFiles: () => calls.push('openFiles'),
    openFolder: () => calls.push('openFolder'),
    about: () => calls.push('about'),
  };
}

/** Every item of the template, depth first. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  const handler = item?.click;
  if (typeof handler !== 'function') throw new Error(`menu item ${item?.id} has no click handler`);
  // The handlers ignore Electron's arguments; the template is tested as the data it is.
  (handler as unknown as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Windows and Linux', () => {
    const template = buildMenuTemplate({ appName: 'PixelPool', isDev: false, isMac: false }, actions());
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['File', 'Edit', 'View', 'help']);
  });

  it('puts the app menu first on macOS', () => {
    const template = buildMenuTemplate({ appName: 'PixelPool', isDev: false, isMac: true }, actions());
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual([
      'PixelPool',
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ]);
  });

  it('wires Open Files…, Open Folder… and About to the actions', () => {
    const spy = actions();
    const items = flatten(buildMenuTemplate({ appName: 'PixelPool', isDev: false, isMac: false }, spy));
    click(items.find((item) => item.id === 'open-files'));
    click(items.find((item) => item.id === 'open-folder'));
    click(items.find((item) => item.id === 'about'));
    expect(spy.calls).toEqual(['openFiles', 'openFolder', 'about']);
    expect(items.find((item) => item.id === 'open-files')?.accelerator).toBe('CmdOrCtrl+O');
    expect(items.some((item) => item.role === 'quit')).toBe(true);
  });

  it('offers reload and developer tools in development only', () => {
    const devRoles = ['reload', 'forceReload', 'toggleDevTools'];
    for (const isMac of [false, true]) {
      const production = flatten(buildMenuTemplate({ appName: 'PixelPool', isDev: false, isMac }, actions()));
      const development = flatten(buildMenuTemplate({ appName: 'PixelPool', isDev: true, isMac }, actions()));
      expect(production.filter((item) => devRoles.includes(String(item.role)))).toEqual([]);
      expect(development.filter((item) => devRoles.includes(String(item.role))).map((i) => i.role)).toEqual(
        devRoles,
      );
      expect(production.some((item) => item.role === 'zoomIn')).toBe(true);
    }
  });

  it('does not run any action while being built', () => {
    const spy = { openFiles: vi.fn(), openFolder: vi.fn(), about: vi.fn() };
    buildMenuTemplate({ appName: 'PixelPool', isDev: true, isMac: true }, spy);
    expect(spy.openFiles).not.toHaveBeenCalled();
    expect(spy.about).not.toHaveBeenCalled();
  });
});
