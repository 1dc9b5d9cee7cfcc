/**
 * The filter worker as a child process: the same `api` as the worker thread, served one call at a time
 * in the order they arrive, over whichever channel started it (filter.process-channel.ts): IPC with
 * advanced serialization under `child_process.fork` (engine/pool/process-slot.ts: the CLI, the web
 * host), or a MessagePort under Electron's `utilityProcess.fork` (electron/main/utility-slot.ts: the
 * desktop app). Processes cannot share memory, so strips come in and results go out as messages (the
 * `copy` transport); typed arrays keep their type either way.
 */
import { messageOf } from '../shared/errors';
import { parentChannel, serveCalls } from './filter.process-channel';
import { api } from './filter.worker';

export type { ProcessAnswer, ProcessCall } from './filter.process-channel';

serveCalls(parentChannel(process as unknown as Parameters<typeof parentChannel>[0]), api, messageOf);
