import { Command } from 'commander';
import { registerConsent } from './commands/consent.js';
import { registerDoctor } from './commands/doctor.js';
import { registerPhoto } from './commands/photo.js';
import { registerRedact } from './commands/redact.js';
import { registerSdk } from './commands/sdk.js';

export function createProgram(): Command {
  const program = new Command('piplkit')
    .description('PIPL toolkit: ID photos, PII redaction, consent records, third-party SDK disclosure')
    .showHelpAfterError()
    // Usage errors throw (bin.ts turns them into exit code 2) instead of exiting with 1, which
    // the check commands use for "failed".
    .exitOverride();
  registerDoctor(program);
  registerConsent(program);
  registerRedact(program);
  registerPhoto(program);
  registerSdk(program);
  return program;
}
