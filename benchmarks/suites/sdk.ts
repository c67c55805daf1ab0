import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLimits, scanArchive, ZipArchive } from '@piplkit/sdk-inventory';
import { type BenchCase, type BenchGroup, runSuite } from '../lib/harness.js';
import { describeMachine } from '../lib/machine.js';

// The real APKs are devDependencies of @piplkit/sdk-inventory; resolve them from there.
const sdkRequire = createRequire(
  createRequire(import.meta.url).resolve('@piplkit/sdk-inventory/package.json'),
);
const apks = [
  join(dirname(sdkRequire.resolve('io.appium.settings/package.json')), 'apks', 'settings_apk-debug.apk'),
  join(
    dirname(sdkRequire.resolve('appium-uiautomator2-server/package.json')),
    'apks',
    'appium-uiautomator2-server-v10.6.6.apk',
  ),
];

const PYTHON = '/usr/bin/python3';

// A long-lived worker, so androguard is timed on the work itself and not on Python start-up and imports.
const workerSource = `
import sys, logging
logging.disable(logging.CRITICAL)
from androguard.core.bytecodes.apk import APK
from androguard.core.bytecodes.dvm import DalvikVMFormat
print("ready", flush=True)
for line in sys.stdin:
    apk = APK(line.strip())
    permissions = apk.get_permissions()
    classes = sum(len(DalvikVMFormat(dex).get_classes_names()) for dex in apk.get_all_dex())
    print(len(set(permissions)), classes, flush=True)
`;

class AndroguardWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private waiting: ((line: string) => void)[] = [];

  constructor() {
    this.child = spawn(PYTHON, ['-c', workerSource], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline = this.buffered.indexOf('\n');
      while (newline !== -1) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.waiting.shift()?.(line);
        newline = this.buffered.indexOf('\n');
      }
    });
    this.child.stderr.resume();
  }

  private next(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  ready(): Promise<string> {
    return this.next();
  }

  async scan(apk: string): Promise<{ permissions: number; classes: number }> {
    const answer = this.next();
    this.child.stdin.write(`${apk}\n`);
    const [permissions = '0', classes = '0'] = (await answer).split(' ');
    return { permissions: Number(permissions), classes: Number(classes) };
  }

  stop(): void {
    this.child.stdin.end();
  }
}

function androguardVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import androguard; print(androguard.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** Classes and permissions of real APKs: our zip/dex/AXML readers (plus SDK matching) against androguard. */
export async function sdkSuite() {
  const version = androguardVersion();
  const worker = version === undefined ? undefined : new AndroguardWorker();
  if (worker !== undefined) await worker.ready();
  const notes: string[] = [];
  const groups: BenchGroup[] = [];
  const dexMegabytes = new Map<string, number>();
  for (const apk of apks) {
    const zip = new ZipArchive(readFileSync(apk), defaultLimits);
    const dexBytes = zip.entries
      .filter((entry) => /^classes\d*\.dex$/.test(entry.name))
      .reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    const megabytes = statSync(apk).size / 1e6;
    const ours = await scanArchive(readFileSync(apk), basename(apk));
    const cases: BenchCase[] = [
      {
        name: 'piplkit scanArchive (read file, classes, permissions, SDK match)',
        run: () => scanArchive(readFileSync(apk), basename(apk)),
      },
    ];
    if (worker !== undefined) {
      const theirs = await worker.scan(apk);
      notes.push(
        `${basename(apk)} (${megabytes.toFixed(2)} MB): piplkit ${ours.app.classCount} classes / ${ours.app.permissions.length} permissions; androguard ${theirs.classes} classes / ${theirs.permissions} permissions`,
      );
      cases.push({
        name: `androguard ${version} APK + DalvikVMFormat (classes, permissions)`,
        run: () => worker.scan(apk),
      });
    }
    const groupName = `${basename(apk)} ${megabytes.toFixed(1)} MB`;
    dexMegabytes.set(groupName, dexBytes / 1e6);
    groups.push({ name: groupName, cases });
  }
  if (worker === undefined) {
    notes.push(
      `androguard could not be imported by ${PYTHON} (install the Debian package androguard); only piplkit was timed`,
    );
  }
  notes.push(
    `load average when the suite started: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (1, 5, 15 min); the machine is shared, so absolute times vary with it`,
    'androguard runs in one long-lived python3 process fed APK paths over stdin, so its start-up and imports are not timed.',
    'Throughput (MB/s) = APK file size (archive bytes, see the group names) × piplkit ops/s. One op reads the file from the page cache, lists the classes of every classes*.dex, reads the manifest and matches the SDK catalogue.',
    'piplkit inflates each dex only up to the end of its last class name (the string data of later-sorted strings, class data and annotations are not needed), so the dex MB/s below counts dex bytes held in the archive, not bytes inflated.',
    "Each op allocates about 9 MB of Buffers (the 3.1 MB file and the inflated dex prefix for the small APK). Over a run of several seconds V8's young generation grows to its maximum, scavenges become rare, and Buffer bytes since the last major GC eat the old generation's headroom, so V8 runs a major GC every two to five ops. That cost belongs to the op and is in these figures; a loop of a few dozen scans reads 20-30% faster only because it ends before that steady state.",
  );
  try {
    const result = await runSuite({
      suite: 'sdk',
      description: 'list the classes of every classes*.dex and the uses-permission set of real APKs',
      machine: describeMachine(null),
      groups,
      notes,
      maxTime: 5,
    });
    for (const group of result.groups) {
      const size = Number(/ ([\d.]+) MB$/.exec(group.name)?.[1] ?? 0);
      const ours = group.cases[0];
      if (ours !== undefined) {
        const dex = dexMegabytes.get(group.name) ?? 0;
        result.notes.push(
          `${group.name}: piplkit ${(size * ours.opsPerSec).toFixed(0)} MB/s of APK, ${(dex * ours.opsPerSec).toFixed(0)} MB/s of dex (${dex.toFixed(1)} MB uncompressed in the archive)`,
        );
      }
    }
    // Throughput needs the measured rates, so the notes are completed after the run and saved again.
    const resultsFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'sdk.json');
    writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    worker?.stop();
  }
}
