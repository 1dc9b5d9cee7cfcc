import { isAtOrigin } from './origins';

/** The parts of Electron's WebFrameMain the sender check reads (structural, so tests need no Electron). */
export interface FrameIdentity {
  readonly url: string;
  readonly processId: number;
  readonly frameToken: string;
  readonly parent: unknown;
  readonly detached?: boolean;
}

/**
 * Checklist item 17: an IPC request is served only when it comes from the main window's own top-level frame,
 * currently showing the app's own origin. Frames are compared by process id and frame token rather than by
 * object identity, because Electron may hand out a fresh WebFrameMain wrapper for the same frame.
 * A null frame (navigated away or destroyed before the handler ran) is refused.
 */
export function isTrustedSender(
  sender: FrameIdentity | null | undefined,
  mainFrame: FrameIdentity | null | undefined,
  allowedOrigin: string,
): boolean {
  if (!sender || !mainFrame) return false;
  if (sender.detached || sender.parent !== null) return false;
  if (sender.processId !== mainFrame.processId || sender.frameToken !== mainFrame.frameToken) return false;
  return isAtOrigin(sender.url, allowedOrigin);
}
