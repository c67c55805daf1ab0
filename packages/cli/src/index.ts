export { type CheckState, type DoctorCheck, renderDoctor, runDoctorChecks } from './commands/doctor.js';
export { createProgram } from './program.js';
