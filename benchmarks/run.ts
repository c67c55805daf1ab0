import { probeSuite } from './suites/probe.js';

// Suites by name; `pnpm bench probe` runs one, `pnpm bench` runs all.
const suites: Record<string, () => Promise<unknown>> = {
  probe: probeSuite,
  idphoto: () => import('./suites/idphoto.js').then((suite) => suite.idphotoSuite()),
  sdk: () => import('./suites/sdk.js').then((suite) => suite.sdkSuite()),
  pii: () => import('./suites/pii.js').then((suite) => suite.piiSuite()),
  consent: () => import('./suites/consent.js').then((suite) => suite.consentSuite()),
  faces: () => import('./suites/faces.js').then((suite) => suite.facesSuite()),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; valid: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(suites)) {
  console.log(`suite ${name}`);
  await suites[name]?.();
  console.log(`  wrote results/${name}.json and results/${name}.svg`);
}
