import { Command } from 'commander';
import { registerDoctor } from './commands/doctor.js';
import { registerSdk } from './commands/sdk.js';

export function createProgram(): Command {
  const program = new Command('piplkit')
    .description('PIPL toolkit: ID photos, PII redaction, consent records, third-party SDK disclosure')
    .showHelpAfterError();
  registerDoctor(program);
  registerSdk(program);
  return program;
}
