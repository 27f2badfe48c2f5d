// A pair of connected pseudo-terminals, so the virtual modem is reached through a real serial
// device path by the same serialport code that opens real hardware. One python3 relay per process
// makes every pair (see PY_SHARED_RELAY); where python3 is missing, socat (Debian package 'socat')
// makes each pair with a relay of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PtyPair {
  /** The end the host (app, CLI, tests) opens, like a modem's /dev/ttyUSB2. */
  hostPath: string;
  /** The end the simulator drives. */
  devicePath: string;
  close(): Promise<void>;
}

// Both relays watch their standard input, a pipe from this process: when this process ends in any
// way (kill -9 included) the pipe closes, the relay stops and removes the link folder, so the host
// holding the other end sees the port vanish instead of a modem that never answers.
const PY_RELAY = `
import os, pty, select, sys, signal, shutil
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
try:
    ma, sa = pty.openpty(); mb, sb = pty.openpty()
    import tty
    for fd in (sa, sb): tty.setraw(fd)
    os.symlink(os.ttyname(sa), sys.argv[1]); os.symlink(os.ttyname(sb), sys.argv[2])
    while True:
        r, _, _ = select.select([ma, mb, 0], [], [])
        if 0 in r and not os.read(0, 4096): break
        for fd in r:
            if fd == 0: continue
            try: data = os.read(fd, 65536)
            except OSError: data = b''
            if data: os.write(mb if fd == ma else ma, data)
finally:
    shutil.rmtree(sys.argv[3], ignore_errors=True)
`;

// socat cannot watch a pipe besides its two PTYs, so a small shell keeps it company: the original
// standard input is kept on fd 3 (a background job's own stdin is /dev/null), and when it closes, or
// on SIGTERM, socat is stopped and the folder removed.
const SOCAT_RELAY = `
exec 3<&0
socat "$1" "$2" & s=$!
cat <&3 >/dev/null & c=$!
trap 'kill $s $c 2>/dev/null' TERM INT HUP
wait $c
kill $s 2>/dev/null
wait $s
rm -rf "$3"
`;

/**
 * Whether a program is on the PATH. A look at the folders, not a child process: the app asks this
 * on every port listing, which must not stall the main process.
 */
export function hasCommand(cmd: string, envPath = process.env.PATH ?? ''): boolean {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, cmd + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}

// One relay for every pair of this process (python3): a rack of eight Virtual EC20s would
// otherwise spawn eight relays (a shell, socat and cat each), and a spawn from a large Node
// process costs the main thread some 10 ms; the pair's links also come back as an answer
// instead of being polled for. Commands on its standard input, one a line: "open DIR" makes the
// folder DIR and a pair linked as DIR/ttyHost and DIR/ttyModem, "close DIR" ends it and removes
// DIR; each is answered "DIR<TAB>ok" or "DIR<TAB>error …". The relay never blocks on a port nobody reads:
// bytes wait in its buffer (up to 4 MiB a port, then the oldest go, as a UART without flow
// control loses them) while the other ports carry on. When its standard input closes (this
// process ended in any way) it closes every pair and removes their folders.
const PY_SHARED_RELAY = `
import os, pty, select, sys, tty, shutil, signal
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
pairs = {}; peer = {}; pending = {}; inbuf = b''
CAP = 4 << 20
IN = select.EPOLLIN; OUT = select.EPOLLOUT
ep = select.epoll(); ep.register(0, IN)
def open_pair(d):
    os.mkdir(d, 0o700)
    ma, sa = pty.openpty(); mb, sb = pty.openpty()
    for fd in (sa, sb): tty.setraw(fd)
    for fd in (ma, mb): os.set_blocking(fd, False)
    os.symlink(os.ttyname(sa), os.path.join(d, 'ttyHost')); os.symlink(os.ttyname(sb), os.path.join(d, 'ttyModem'))
    pairs[d] = (ma, mb, sa, sb); peer[ma] = mb; peer[mb] = ma
    ep.register(ma, IN); ep.register(mb, IN)
def close_pair(d):
    for fd in pairs.pop(d, ()):
        if peer.pop(fd, None) is not None:
            try: ep.unregister(fd)
            except OSError: pass
        pending.pop(fd, None)
        try: os.close(fd)
        except OSError: pass
    shutil.rmtree(d, ignore_errors=True)
def flush(fd):
    b = pending.get(fd)
    if b:
        try: n = os.write(fd, b)
        except BlockingIOError: return
        except OSError: n = len(b)
        del b[:n]
        if b: return
    if pending.pop(fd, None) is not None and fd in peer: ep.modify(fd, IN)
def send(to, data):
    b = pending.get(to)
    if b is None:
        try: n = os.write(to, data)
        except BlockingIOError: n = 0
        except OSError: return
        if n == len(data): return
        b = pending[to] = bytearray(data[n:])
        ep.modify(to, IN | OUT)
    else: b += data
    if len(b) > CAP: del b[:len(b) - CAP]
try:
    while True:
        for fd, ev in ep.poll():
            if fd == 0:
                data = os.read(0, 65536)
                if not data: sys.exit(0)
                inbuf += data
                while b'\\n' in inbuf:
                    line, inbuf = inbuf.split(b'\\n', 1)
                    cmd, d = line.decode().split(' ', 1)
                    try:
                        open_pair(d) if cmd == 'open' else close_pair(d)
                        out = 'ok'
                    except Exception as e:
                        out = 'error ' + str(e).replace('\\n', ' ')
                    os.write(1, (d + '\\t' + out + '\\n').encode())
                continue
            if fd not in peer: continue
            if ev & OUT: flush(fd)
            if not ev & ~OUT: continue
            try: data = os.read(fd, 65536)
            except OSError: data = b''
            if data: send(peer[fd], data)
finally:
    for d in list(pairs): close_pair(d)
`;

interface SharedRelay {
  child: ChildProcess;
  waiting: Map<string, (answer: string) => void>;
  open: Set<string>;
}

let shared: SharedRelay | undefined;

/** Whether a process is running (one of another user that cannot be signalled counts as running). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the link folders of shared relays whose process is gone: a relay killed outright (a test
 * runner's SIGKILL, a power cut) cannot remove its pairs' folders, and in /dev/shm they would
 * pile up until the next boot. Only this app's names (wb-pty-PID-N-…) with a PID that no longer
 * runs; anything else, or one that cannot be removed, is left alone. Returns the folders removed.
 */
export function sweepStaleLinkFolders(root: string, alive: (pid: number) => boolean = processAlive): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^wb-pty-(\d+)-\d+-[a-z0-9]+$/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try {
      fs.rmSync(path.join(root, name), { recursive: true });
      removed.push(name);
    } catch {
      // another user's, or gone already
    }
  }
  return removed;
}

function sharedRelay(): SharedRelay {
  if (shared && shared.child.exitCode === null && shared.child.signalCode === null) return shared;
  // Once per relay started (once per process, as a rule): cheap, and the folder is one we write to.
  sweepStaleLinkFolders(linkFolderRoot());
  const child = spawn('python3', ['-c', PY_SHARED_RELAY], { stdio: ['pipe', 'pipe', 'ignore'] });
  const relay: SharedRelay = { child, waiting: new Map(), open: new Set() };
  child.stdin?.on('error', () => {});
  let buf = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const [dir = '', answer = ''] = buf.slice(0, nl).split('\t');
      buf = buf.slice(nl + 1);
      relay.waiting.get(dir)?.(answer);
      relay.waiting.delete(dir);
    }
  });
  child.once('exit', (code) => {
    for (const done of relay.waiting.values()) done(`error the relay exited with code ${code}`);
    relay.waiting.clear();
    if (shared === relay) shared = undefined;
  });
  // The relay keeps this process alive only while a pair is open or asked for.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  shared = relay;
  return relay;
}

function holdOpen(relay: SharedRelay): void {
  const busy = relay.open.size > 0 || relay.waiting.size > 0;
  const streams = [relay.child.stdout, relay.child.stdin] as unknown as Array<{ ref?: () => void; unref?: () => void } | null>;
  for (const s of streams) (busy ? s?.ref : s?.unref)?.call(s);
  if (busy) relay.child.ref();
  else relay.child.unref();
}

function ask(relay: SharedRelay, cmd: 'open' | 'close', dir: string): Promise<string> {
  return new Promise((resolve) => {
    relay.waiting.set(dir, (answer) => {
      resolve(answer);
      queueMicrotask(() => holdOpen(relay));
    });
    holdOpen(relay);
    relay.child.stdin?.write(`${cmd} ${dir}\n`);
  });
}

/**
 * Where the link folders go: a folder in memory when the system has one (the session's runtime
 * folder, else Linux's /dev/shm), else the temporary folder. Each pair is a folder and two links
 * made and removed again; on a disk file system (ext4 /tmp) that inode churn was a third of the
 * relay's time in a rack, on tmpfs it is next to nothing.
 */
export function linkFolderRoot(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of [env.XDG_RUNTIME_DIR, process.platform === 'linux' ? '/dev/shm' : undefined]) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const known = memoryRoots.get(dir);
    if (known !== undefined) {
      if (known) return dir;
      continue;
    }
    let usable = false;
    try {
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
      usable = fs.statSync(dir).isDirectory();
    } catch {
      // not here, or not ours to write
    }
    memoryRoots.set(dir, usable);
    if (usable) return dir;
  }
  return os.tmpdir();
}
// Looked at once per folder: a rack asks for eight pairs at once.
const memoryRoots = new Map<string, boolean>();

const exitCleanups = new Set<string>();
let pairCounter = 0;
let exitHandler = false;

async function sharedPtyPair(): Promise<PtyPair> {
  // The relay makes the folder (and removes it at close): a rack makes eight at once, and this
  // thread is the host's. The name is as unique as mkdtemp's; the relay refuses one that exists.
  const dir = path.join(linkFolderRoot(), `wb-pty-${process.pid}-${++pairCounter}-${Math.random().toString(36).slice(2, 10)}`);
  const relay = sharedRelay();
  const answer = await ask(relay, 'open', dir);
  if (answer !== 'ok') {
    if (!answer.includes('File exists')) fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`the PTY relay could not make a pair: ${answer.replace(/^error /, '')}`);
  }
  relay.open.add(dir);
  holdOpen(relay);
  // If this process ends without close() (a crash, process.exit), the link folder may not
  // outlive it; an exit handler must be synchronous, hence rmSync. The relay ends with its pipe.
  exitCleanups.add(dir);
  if (!exitHandler) {
    exitHandler = true;
    process.once('exit', () => {
      for (const d of exitCleanups) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  let closed: Promise<void> | undefined;
  return {
    hostPath: path.join(dir, 'ttyHost'),
    devicePath: path.join(dir, 'ttyModem'),
    close: () =>
      (closed ??= (async () => {
        exitCleanups.delete(dir);
        relay.open.delete(dir);
        const answer = relay.child.exitCode === null && relay.child.signalCode === null ? await ask(relay, 'close', dir) : 'gone';
        if (answer !== 'ok') fs.rmSync(dir, { recursive: true, force: true });
        holdOpen(relay);
      })()),
  };
}

/**
 * A pair of connected PTYs. The shared python3 relay where python3 is installed (unless
 * WORKBENCH_PTY_RELAY=socat), else one socat relay per pair.
 */
export async function createPtyPair(): Promise<PtyPair> {
  if (process.env.WORKBENCH_PTY_RELAY !== 'socat' && hasPython()) return sharedPtyPair();
  return ownPtyPair();
}

// Looked up once per PATH: a rack asks for eight pairs at once, each look a few failed syscalls.
let python: { path: string; found: boolean } | undefined;
function hasPython(): boolean {
  const envPath = process.env.PATH ?? '';
  if (python?.path !== envPath) python = { path: envPath, found: hasCommand('python3', envPath) };
  return python.found;
}

async function ownPtyPair(): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(linkFolderRoot(), 'wb-pty-'));
  const hostPath = path.join(dir, 'ttyHost');
  const devicePath = path.join(dir, 'ttyModem');
  let child: ChildProcess;
  if (hasCommand('socat')) {
    child = spawn('sh', ['-c', SOCAT_RELAY, 'sh', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`, dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  } else if (hasCommand('python3')) {
    child = spawn('python3', ['-c', PY_RELAY, hostPath, devicePath, dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error('Neither socat nor python3 is installed: cannot create a pseudo-terminal for the virtual modem. Install socat (apt-get install socat).');
  }
  // The pipe only signals this process's end; nothing is written to it.
  child.stdin?.on('error', () => {});
  const t0 = Date.now();
  while (!(fs.existsSync(hostPath) && fs.existsSync(devicePath))) {
    if (child.exitCode !== null) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`the PTY relay exited with code ${child.exitCode}`);
    }
    if (Date.now() - t0 > 5000) {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error('the PTY pair did not appear within 5 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  // If this process ends without close() (a crash, process.exit), neither the relay nor its
  // link folder may outlive it; an exit handler must be synchronous, hence rmSync.
  const killRelay = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killRelay);
  let closed: Promise<void> | undefined;
  return {
    hostPath,
    devicePath,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        process.off('exit', killRelay);
        void stopChild(child).then(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      })),
  };
}

/** Ends a child process with SIGTERM and resolves once it has exited (at once if it already has). */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
