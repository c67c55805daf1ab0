// Regenerates test/golden/real-apks.golden.json from the Debian tools `aapt` and `dexdump`:
//   apt-get install -y aapt dexdump && pnpm exec tsx packages/sdk-inventory/test/regenerate-golden.ts
import { writeFileSync } from 'node:fs';
import { deriveGolden, realApks } from './support/android-tools.js';

const goldens = realApks().map(deriveGolden);
const target = new URL('./golden/real-apks.golden.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(goldens, null, 2)}\n`);
console.log(`wrote ${goldens.length} goldens to ${target.pathname}`);
