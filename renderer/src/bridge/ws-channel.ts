import type { ApiMethod, ApiResponse, PixelPoolEvent } from '../../../shared/contract';
import type { WsClientMessage, WsServerMessage } from '../../../shared/host-wiring';
import type { Channel, ConnectionState } from './types';

interface Pending {
  resolve(response: ApiResponse): void;
  message: WsClientMessage;
}

const RETRY_MS = [250, 500, 1000, 2000, 4000];

/**
 * The web host's WebSocket as a Channel. Requests carry ids and get their own response; events
 * go to every listener. When the socket drops it reconnects with a growing pause, and requests
 * made meanwhile wait for the socket (requests already sent are answered with an error: the host
 * may or may not have run them, so they are not resent).
 */
export class WebSocketChannel implements Channel {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private attempt = 0;
  private state: ConnectionState = 'connecting';
  private closedByUs = false;
  private readonly sent = new Map<number, Pending>();
  private readonly waiting: Pending[] = [];
  private readonly listeners = new Set<(event: PixelPoolEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();

  constructor(private readonly url: string) {
    this.connect();
  }

  invoke(method: ApiMethod, payload?: unknown): Promise<ApiResponse> {
    return new Promise((resolve) => {
      const message: WsClientMessage = { kind: 'request', id: this.nextId++, method, payload };
      const pending = { resolve, message };
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.send(pending);
      else this.waiting.push(pending);
    });
  }

  onEvent(listener: (event: PixelPoolEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
  }

  private send(pending: Pending): void {
    this.sent.set(pending.message.id, pending);
    this.socket?.send(JSON.stringify(pending.message));
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState('open');
      for (const pending of this.waiting.splice(0)) this.send(pending);
    });
    socket.addEventListener('message', (e) => this.receive(e.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('closed');
      for (const [id, pending] of this.sent) {
        this.sent.delete(id);
        pending.resolve({
          ok: false,
          error: {
            code: 'unavailable',
            message: 'Lost the connection to PixelPool while waiting for an answer',
          },
        });
      }
      if (this.closedByUs) return;
      const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
      this.attempt++;
      setTimeout(() => this.connect(), delay);
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: WsServerMessage;
    try {
      message = JSON.parse(data) as WsServerMessage;
    } catch {
      return;
    }
    if (message.kind === 'response') {
      const pending = this.sent.get(message.id);
      if (!pending) return;
      this.sent.delete(message.id);
      pending.resolve(message.response);
    } else if (message.kind === 'event') {
      for (const listener of this.listeners) listener(message.event);
    } else if (message.kind === 'error') {
      console.warn('PixelPool host:', message.error.message);
    }
  }
}
