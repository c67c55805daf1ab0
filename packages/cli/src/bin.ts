import { CommanderError } from 'commander';
import { createProgram } from './program.js';

// Exit codes: 0 success, 1 a check or rule failed, 2 an error (bad usage, unreadable input, ...).
createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (and help) for usage errors.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`piplkit: ${message}\n`);
    process.exitCode = 2;
  });
