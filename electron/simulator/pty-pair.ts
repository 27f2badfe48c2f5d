// A pair of connected pseudo-terminals, so the virtual modem is reached through a real serial
// device path by the same serialport code that opens real hardware. socat makes the pair
// (Debian package 'socat'); the python3 relay is the fallback where socat is missing.
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

export async function createPtyPair(): Promise<PtyPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pty-'));
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
