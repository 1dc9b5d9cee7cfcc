import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { API_METHODS, type ApiMethod, type ApiResponse, type PixelPoolEvent } from '../../shared/contract';
import { createPreloadApi, type PreloadChannel } from './bridge';

/** A channel over a real EventEmitter, standing in for ipcRenderer's invoke/on/removeListener. */
function emitterChannel() {
  const ipc = new EventEmitter();
  const invoked: [ApiMethod, unknown][] = [];
  const channel: PreloadChannel = {
    invoke: async (method, payload) => {
      invoked.push([method, payload]);
      return { ok: true, value: { echoed: method } } satisfies ApiResponse;
    },
    subscribe(listener) {
      // Like ipcRenderer.on: the first argument is Electron's event object, the data comes second.
      const onMessage = (_event: { sender: unknown }, data: PixelPoolEvent) => listener(data);
      ipc.on('pixelpool:event', onMessage);
      return () => ipc.removeListener('pixelpool:event', onMessage);
    },
    getPathForFile: (file) => `/dropped/${file.name}`,
  };
  const send = (data: PixelPoolEvent) => ipc.emit('pixelpool:event', { sender: 'ipcRenderer itself' }, data);
  return { ipc, invoked, channel, send };
}

const event: PixelPoolEvent = { type: 'images-changed', images: [] };

describe('createPreloadApi', () => {
  it('passes every API method and its payload to the channel', async () => {
    const { invoked, channel } = emitterChannel();
    const api = createPreloadApi(channel);
    for (const method of API_METHODS) {
      await expect(api.invoke(method, { x: 1 })).resolves.toEqual({ ok: true, value: { echoed: method } });
    }
    expect(invoked.map(([m]) => m)).toEqual([...API_METHODS]);
    expect(api.host).toBe('electron');
  });

  it('answers unknown method names itself, without touching IPC', async () => {
    const { invoked, channel } = emitterChannel();
    const api = createPreloadApi(channel);
    for (const method of ['__proto__', 'constructor', 'toString', 'deleteEverything', 42, null]) {
      const response = await api.invoke(method as ApiMethod);
      expect(response.ok).toBe(false);
      expect(!response.ok && response.error.code).toBe('unknown-method');
    }
    expect(invoked).toEqual([]);
  });

  it('gives listeners the event data only, never Electron’s event object', () => {
    const { channel, send } = emitterChannel();
    const api = createPreloadApi(channel);
    const received: unknown[][] = [];
    api.onEvent((...args: unknown[]) => received.push(args));
    send(event);
    expect(received).toEqual([[event]]);
  });

  it('holds one IPC listener however many subscribers, and drops it when the last one leaves', () => {
    const { ipc, channel, send } = emitterChannel();
    const api = createPreloadApi(channel);
    const seen: string[] = [];
    const offA = api.onEvent(() => seen.push('a'));
    const offB = api.onEvent(() => seen.push('b'));
    expect(ipc.listenerCount('pixelpool:event')).toBe(1);
    send(event);
    offA();
    offA();
    send(event);
    expect(seen).toEqual(['a', 'b', 'b']);
    offB();
    expect(ipc.listenerCount('pixelpool:event')).toBe(0);
    api.onEvent(() => seen.push('c'));
    send(event);
    expect(seen).toEqual(['a', 'b', 'b', 'c']);
  });

  it('keeps delivering to the other listeners when one throws', async () => {
    const { channel, send } = emitterChannel();
    const api = createPreloadApi(channel);
    const seen: string[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      api.onEvent(() => {
        throw new Error('listener bug');
      });
      api.onEvent(() => seen.push('second'));
      send(event);
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(seen).toEqual(['second']);
    expect(uncaught).toHaveLength(1);
    expect(String(uncaught[0])).toContain('listener bug');
  });

  it('turns a dropped file into its path through the channel', () => {
    const { channel } = emitterChannel();
    expect(createPreloadApi(channel).getPathForFile({ name: 'a.jpg', size: 3 })).toBe('/dropped/a.jpg');
  });
});
