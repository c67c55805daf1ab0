import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type ChainHead,
  ConsentError,
  ConsentStore,
  type EventInput,
  exportReceipts,
  type RequestKind,
  type RequestState,
  type StorageOptions,
  workingDayDeadline,
} from '@piplkit/consent-core';
import { type Command, InvalidArgumentError, Option } from 'commander';

interface StoreFlags {
  dataDir: string;
  databaseUrl?: string;
  schema: string;
  secretFile?: string;
}

/** Exit codes of `piplkit consent`: 1 = a negative answer (denied, tampered), 3 = calendar not published. */
const exitDenied = 1;
const exitCalendarNotPublished = 3;

function print(value: unknown): void {
  process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

function secretPath(flags: StoreFlags): string {
  return resolve(flags.secretFile ?? join(flags.dataDir, 'subject.key'));
}

function storageOf(flags: StoreFlags): StorageOptions {
  return flags.databaseUrl
    ? { backend: 'postgres', url: flags.databaseUrl, schema: flags.schema }
    : { backend: 'pglite', dataDir: resolve(flags.dataDir, 'pgdata'), schema: flags.schema };
}

function readSecret(flags: StoreFlags): string {
  if (process.env.PIPLKIT_SUBJECT_SECRET) return process.env.PIPLKIT_SUBJECT_SECRET;
  const path = secretPath(flags);
  if (!existsSync(path)) {
    throw new ConsentError('NOT_FOUND', `no subject secret at ${path}: run \`piplkit consent init\` first`);
  }
  return readFileSync(path, 'utf8').trim();
}

async function withStore<T>(flags: StoreFlags, work: (store: ConsentStore) => Promise<T>): Promise<T> {
  const store = await ConsentStore.open({ storage: storageOf(flags), subjectSecret: readSecret(flags) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Options shared by every subcommand that opens the store, read from the `consent` command. */
function flagsOf(command: Command): StoreFlags {
  let root: Command = command;
  while (root.parent && root.name() !== 'consent') root = root.parent;
  return root.opts<StoreFlags>();
}

/** `--working-days`: a positive whole number, written out in full (parseInt would read "12abc" as 12). */
function wholeDays(value: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number of working days, at least 1');
  }
  return Number(value);
}

/** `--anchor`: a head as `piplkit consent verify` prints it, `<seq>:<64 hex digits of SHA-256>`. */
function ledgerAnchor(value: string): ChainHead {
  const match = /^(0|[1-9][0-9]{0,14}):([0-9a-f]{64})$/.exec(value);
  if (!match?.[1] || !match[2]) {
    throw new InvalidArgumentError('expected <seq>:<hash>, a whole number and 64 lowercase hex digits');
  }
  return { seq: Number(match[1]), hash: match[2] };
}

function registerDeadline(consent: Command): void {
  consent
    .command('deadline')
    .description('due date of a period of Chinese working days, counted from the day after --from')
    .requiredOption('--from <date>', 'the day the period starts from (YYYY-MM-DD, Beijing date)')
    .requiredOption('--working-days <n>', 'number of working days', wholeDays)
    .option('--provisional', 'past the published calendar, print the conservative provisional date')
    .option('--json', 'print the full deadline record')
    .action((options: { from: string; workingDays: number; provisional?: boolean; json?: boolean }) => {
      try {
        const deadline = workingDayDeadline({
          from: options.from,
          workingDays: options.workingDays,
          allowProvisional: options.provisional === true,
        });
        if (options.json) print(deadline);
        else if (deadline.provisional) {
          print(
            `${deadline.due} (provisional: no State Council notice for ${deadline.provisionalFrom?.slice(0, 4)} yet; ${deadline.provisionalRule})`,
          );
        } else print(deadline.due);
      } catch (error) {
        if (error instanceof ConsentError && error.code === 'CALENDAR_NOT_PUBLISHED') {
          process.stderr.write(
            `piplkit: ${error.message}; pass --provisional for a conservative provisional date\n`,
          );
          process.exitCode = exitCalendarNotPublished;
          return;
        }
        throw error;
      }
    });
}

function registerRequests(consent: Command): void {
  const requests = consent
    .command('requests')
    .description('rights requests: list, file, advance, close recipient tasks');
  requests
    .command('list')
    .description('list requests with their deadlines and an overdue flag')
    .option('--subject <id>', 'only this subject')
    .option('--state <state...>', 'only these states')
    .action(async (options: { subject?: string; state?: RequestState[] }, command: Command) => {
      await withStore(flagsOf(command), async (store) => {
        print(
          store.requests({
            ...(options.subject ? { subject: options.subject } : {}),
            ...(options.state ? { states: options.state } : {}),
          }),
        );
      });
    });
  requests
    .command('file')
    .description('file a request for a subject')
    .requiredOption('--subject <id>', 'the subject')
    .requiredOption(
      '--kind <kind>',
      'access, copy, correct, delete, withdraw, cancel_account, explain_automated_decision',
    )
    .action(async (options: { subject: string; kind: RequestKind }, command: Command) => {
      await withStore(flagsOf(command), async (store) => print(await store.fileRequest(options)));
    });
  requests
    .command('advance <requestId>')
    .description('move a request to its next state')
    .requiredOption('--to <state>', 'identity_verified, in_progress, completed, denied, withdrawn')
    .option('--reason <text>', 'why (required to deny)')
    .action(
      async (
        requestId: string,
        options: { to: Exclude<RequestState, 'received'>; reason?: string },
        command: Command,
      ) => {
        await withStore(flagsOf(command), async (store) =>
          print(
            await store.advanceRequest({
              requestId,
              to: options.to,
              ...(options.reason ? { reason: options.reason } : {}),
            }),
          ),
        );
      },
    );
  requests
    .command('task-done <requestId> <recipient>')
    .description('mark the deletion task of one recipient as done')
    .action(async (requestId: string, recipient: string, _options: unknown, command: Command) => {
      await withStore(flagsOf(command), async (store) =>
        print(await store.completeTask(requestId, recipient)),
      );
    });
}

interface RecordFlags {
  subject: string;
  type: 'policy' | 'purpose' | 'permission' | 'age';
  decision?: string;
  purpose?: string;
  permission?: string;
  platform?: 'android' | 'ios';
  method?: string;
  version?: string;
  guardianId?: string;
  relationship?: 'parent' | 'guardian';
  birthDate?: string;
}

function eventFromFlags(flags: RecordFlags): EventInput {
  const actor = flags.guardianId
    ? {
        kind: 'guardian' as const,
        guardianId: flags.guardianId,
        relationship: flags.relationship ?? 'parent',
      }
    : { kind: 'self' as const };
  const common = {
    subject: flags.subject,
    decision: flags.decision,
    actor,
    method: flags.method,
    version: flags.version,
  };
  switch (flags.type) {
    case 'policy':
      return { type: 'policy', ...common } as EventInput;
    case 'purpose':
      return { type: 'purpose', ...common, purpose: flags.purpose } as EventInput;
    case 'permission':
      return {
        type: 'permission',
        subject: flags.subject,
        permission: flags.permission,
        decision: flags.decision,
        platform: flags.platform,
      } as EventInput;
    case 'age':
      return { type: 'age', subject: flags.subject, evidence: { birthDate: flags.birthDate } } as EventInput;
  }
}

export function registerConsent(program: Command): void {
  const consent = program
    .command('consent')
    .description(
      'consent ledger: policies, consent and permission events, rights requests (embedded PGlite by default)',
    )
    .option('--data-dir <dir>', 'embedded database and subject secret directory', '.piplkit/consent')
    .option('--database-url <url>', 'use a PostgreSQL server instead of the embedded database')
    .option('--schema <name>', 'PostgreSQL schema holding the tables', 'public')
    .option(
      '--secret-file <path>',
      'subject secret (default: <data-dir>/subject.key; or $PIPLKIT_SUBJECT_SECRET)',
    );

  consent
    .command('init')
    .description('create the database tables and a subject secret')
    .action(async (_options: unknown, command: Command) => {
      const flags = flagsOf(command);
      mkdirSync(resolve(flags.dataDir), { recursive: true });
      const path = secretPath(flags);
      if (!process.env.PIPLKIT_SUBJECT_SECRET && !existsSync(path)) {
        writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
        chmodSync(path, 0o600);
      }
      await withStore(flags, async (store) => {
        print(
          `consent store ready (${store.engine}); ${store.policyVersions().length} policy version(s), head ${store.head().seq}`,
        );
      });
    });

  consent
    .command('policy')
    .description('privacy policy versions')
    .command('publish <file>')
    .description('publish a policy version from a JSON file (archived forever in the ledger)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      await withStore(flagsOf(command), async (store) => print(await store.publishPolicy(document as never)));
    });

  consent
    .command('record')
    .description('record one consent, permission or age event')
    .requiredOption('--subject <id>', 'the subject')
    .addOption(
      new Option('--type <type>', 'what the event is about')
        .choices(['policy', 'purpose', 'permission', 'age'])
        .makeOptionMandatory(),
    )
    .option('--decision <decision>', 'shown|agreed|refused|withdrawn, or requested|granted|refused|revoked')
    .option('--purpose <id>', 'the purpose (type purpose)')
    .option('--permission <id>', 'the permission (type permission)')
    .addOption(new Option('--platform <platform>', 'type permission').choices(['android', 'ios']))
    .option('--method <method>', 'how an agreement was given: tap, toggle, tick, signature, voice')
    .option('--version <version>', 'policy version (default: the one in force)')
    .option('--guardian-id <id>', 'a guardian indicated the decision (subject under 14)')
    .addOption(new Option('--relationship <relationship>', 'of the guardian').choices(['parent', 'guardian']))
    .option('--birth-date <date>', 'type age: declared birth date YYYY-MM-DD')
    .action(async (options: RecordFlags, command: Command) => {
      await withStore(flagsOf(command), async (store) => print(await store.record(eventFromFlags(options))));
    });

  consent
    .command('check <subject> <purpose>')
    .description('may this purpose be processed for this subject? exit 1 when denied')
    .option('--at <instant>', 'ask about a past instant (ISO 8601)')
    .action(async (subject: string, purpose: string, options: { at?: string }, command: Command) => {
      await withStore(flagsOf(command), async (store) => {
        const result = store.check(subject, purpose, options.at ? new Date(options.at) : undefined);
        print(result);
        if (!result.allowed) process.exitCode = exitDenied;
      });
    });

  registerRequests(consent);

  consent
    .command('verify')
    .description('re-hash the whole ledger; exit 1 when it was tampered with')
    .option('--anchor <seq:hash>', 'a head recorded earlier, to detect a cut-off tail', ledgerAnchor)
    .action(async (options: { anchor?: ChainHead }, command: Command) => {
      const { anchor } = options;
      await withStore(flagsOf(command), async (store) => {
        const report = await store.verify(anchor ? { anchor } : {});
        print(report);
        if (!report.ok) process.exitCode = exitDenied;
      });
    });

  consent
    .command('export <subject>')
    .description("a subject's consent records as ISO/IEC TS 27560-style receipts (JSON)")
    .action(async (subject: string, _options: unknown, command: Command) => {
      await withStore(flagsOf(command), async (store) => print(await exportReceipts(store, subject)));
    });

  registerDeadline(consent);
}
