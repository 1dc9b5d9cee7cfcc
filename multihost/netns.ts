/**
 * Several hosts on one machine, for the multi-host tests (issue 11): one Linux network namespace per
 * host, each with a veth pair to a switch namespace holding a bridge, addresses 10.<net>.0.<n>/24. No
 * traffic leaves the namespaces: the bridge is inside the switch namespace, nothing is routed out, and
 * each host's only other interface is its own loopback. The file system is shared (namespaces of the
 * network only), which is what the tests want: the same folder seen from every host, as NFS would give.
 *
 * Needs root and iproute2 (`ip netns`); `netnsUnavailable()` says why not, for a skip that names it.
 * Every namespace made is removed by `remove()`, and by an exit hook if a test dies before it runs.
 */
import { type ChildProcess, execFile, execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

export interface Host {
  name: string;
  /** The namespace's name (`ip netns exec <ns> …`). */
  ns: string;
  /** Its address on the switch. */
  address: string;
  /** Starts `command` inside the host's namespace, pinned to `cores` when given (taskset). */
  spawn(command: string, args: readonly string[], opts?: SpawnOptions & { cores?: string }): ChildProcess;
}

export interface Network {
  hosts: Record<string, Host>;
  remove(): Promise<void>;
}

const made = new Set<string>();
let hooked = false;
function removeOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const ns of made) {
      try {
        // Synchronous on exit: nothing async runs any more.
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // Already gone.
      }
    }
  });
}

/** Why namespaces cannot be made here (not root, no iproute2, a kernel or container that refuses), or undefined. */
export async function netnsUnavailable(): Promise<string | undefined> {
  const probe = `pp-probe-${randomBytes(3).toString('hex')}`;
  try {
    await ip('netns', 'add', probe);
  } catch (err) {
    const text = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    return `network namespaces cannot be created here: \`ip netns add\` failed: ${text}`;
  }
  await ip('netns', 'del', probe).catch(() => undefined);
  return undefined;
}

/**
 * Makes a namespace per name, all on one bridge. `net` picks the 10.<net>.0.0/24 subnet, so two
 * networks at once (two test files) do not share addresses.
 */
export async function makeNetwork(names: readonly string[], net = 77): Promise<Network> {
  removeOnExit();
  const tag = randomBytes(2).toString('hex');
  const switchNs = `pp-sw-${tag}`;
  const hosts: Record<string, Host> = {};
  const namespaces: string[] = [];
  const remove = async () => {
    for (const ns of namespaces.reverse()) {
      await ip('netns', 'del', ns).catch(() => undefined);
      made.delete(ns);
    }
  };
  try {
    await ip('netns', 'add', switchNs);
    namespaces.push(switchNs);
    made.add(switchNs);
    await ip('-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', switchNs, 'link', 'set', 'br0', 'up');
    for (const [i, name] of names.entries()) {
      const ns = `pp-${name}-${tag}`;
      const address = `10.${net}.0.${i + 1}`;
      await ip('netns', 'add', ns);
      namespaces.push(ns);
      made.add(ns);
      // Both ends made inside the host's namespace, then one moved to the switch: nothing in the root one.
      await ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`);
      await ip('-n', ns, 'link', 'set', `p${i}`, 'netns', switchNs);
      await ip('-n', switchNs, 'link', 'set', `p${i}`, 'master', 'br0');
      await ip('-n', switchNs, 'link', 'set', `p${i}`, 'up');
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      hosts[name] = {
        name,
        ns,
        address,
        spawn(command, args, opts = {}) {
          const { cores, ...rest } = opts;
          const pinned =
            cores === undefined ? [command, ...args] : ['taskset', '-c', cores, command, ...args];
          return spawn('ip', ['netns', 'exec', ns, ...pinned], rest);
        },
      };
    }
  } catch (err) {
    await remove();
    throw err;
  }
  return { hosts, remove };
}
