// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// serves bindings/wasm from 127.0.0.1, loads www/index.html, verifies the
// fixture proof against the expectations entered and asserts the text shown,
// then a tampered proof, a replay, an untrusted root, a date outside the window
// and missing expectations; proves in
// the page (small shape) and reports the time; saves screenshots; fails on
// any request that leaves 127.0.0.1.
//   node browser.mjs [screenshot directory]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shots = path.resolve(process.argv[2] ?? path.join(root, 'tests', 'screenshots'));
fs.mkdirSync(shots, { recursive: true });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.txt': 'text/plain', '.pk': 'application/octet-stream' };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const fixture = (name) => fs.readFileSync(path.join(root, 'tests', 'fixtures', name), 'utf8');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const outside = [];
let failed = false;
const fail = (message) => { console.error(`browser test: ${message}`); failed = true; };
try {
  const page = await browser.newPage();
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) outside.push(r.url()); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.goto(`${origin}/www/index.html`);
  await page.waitForSelector('#verify:not([disabled])', { timeout: 30000 });

  await page.fill('#proof', fixture('proof.json'));
  await page.fill('#policy', fixture('policy.json'));
  await page.fill('#key', fixture('verification_key.json'));
  // The verifier's expectations: its registry's root, the challenge it issued and a
  // window around the fixtures' reference date (2026-06-01); the scope is the policy's.
  await page.fill('#roots', fixture('issuer-root.txt').trim());
  await page.fill('#challenge', '1234');
  await page.fill('#from', '2026-05-02');
  await page.fill('#to', '2026-06-02');
  await page.click('#verify');
  const shown = await page.textContent('#result');
  const nullifier = JSON.parse(fixture('proof.json')).public_inputs.nullifier;
  if (!shown.startsWith('valid: vaccinated-after') || !shown.includes('on or after 2021-06-01') || !shown.includes(`nullifier ${nullifier}`)) {
    fail(`valid proof shown as: ${shown}`);
  }
  await page.screenshot({ path: path.join(shots, 'valid.png'), fullPage: true });

  const tampered = JSON.parse(fixture('proof.json'));
  tampered.public_inputs.reference_date += 1;
  await page.fill('#proof', JSON.stringify(tampered, null, 2));
  await page.click('#verify');
  const refused = await page.textContent('#result');
  if (refused !== 'not valid: the proof is invalid for these public inputs') fail(`tampered proof shown as: ${refused}`);
  await page.screenshot({ path: path.join(shots, 'tampered.png'), fullPage: true });

  await page.fill('#proof', JSON.stringify(JSON.parse(fixture('proof.json'))));
  await page.fill('#challenge', '999');
  await page.click('#verify');
  const replay = await page.textContent('#result');
  if (replay !== 'not valid: the proof answers another challenge') fail(`replayed proof shown as: ${replay}`);
  // Waived only by the checkbox, with the challenge field empty.
  await page.fill('#challenge', '');
  await page.click('#verify');
  const noChallenge = await page.textContent('#result');
  if (!noChallenge.includes('`challenge` is required')) fail(`no challenge shown as: ${noChallenge}`);
  await page.check('#any-challenge');
  await page.click('#verify');
  const waived = await page.textContent('#result');
  if (!waived.startsWith('valid: vaccinated-after')) fail(`waived challenge shown as: ${waived}`);
  await page.uncheck('#any-challenge');
  await page.fill('#challenge', '1234');
  // A root the verifier does not trust (a holder's own registry), and none at all.
  await page.fill('#roots', '1');
  await page.click('#verify');
  const untrusted = await page.textContent('#result');
  if (untrusted !== "not valid: the proof's trusted-issuer root is not accepted") fail(`untrusted root shown as: ${untrusted}`);
  await page.fill('#roots', '');
  await page.click('#verify');
  const noRoot = await page.textContent('#result');
  if (!noRoot.includes('`issuerRoots` is required')) fail(`no root shown as: ${noRoot}`);
  await page.fill('#roots', fixture('issuer-root.txt').trim());
  await page.fill('#from', '2026-06-02');
  await page.click('#verify');
  const stale = await page.textContent('#result');
  if (!stale.includes('outside the accepted window')) fail(`date outside the window shown as: ${stale}`);

  // Holder-side proving in the page (small shape), timed.
  const proved = await page.evaluate(async () => {
    const m = await import('../pkg/full/web/medzk_wasm.js');
    const get = async (f) => (await fetch(`../tests/fixtures/${f}`)).text();
    const pk = new Uint8Array(await (await fetch('../tests/fixtures/keys/small.pk')).arrayBuffer());
    const [policy, credential, holder, registry, vk, root] = await Promise.all(
      ['policy.json', 'credential.json', 'holder.json', 'registry.json', 'verification_key.json', 'issuer-root.txt'].map(get));
    const start = performance.now();
    const proof = m.prove(policy, [credential], holder, registry, pk, '4321', '2026-06-01');
    const ms = performance.now() - start;
    const day = Date.UTC(2026, 5, 1) / 86400000 + 25567;
    const expectations = { issuerRoots: [root.trim()], scope: m.policyInfo(policy).scope, challenge: '4321', referenceDates: [day, day] };
    const info = m.verify(proof, vk, m.policyHash(policy), JSON.stringify(expectations));
    return { ms, date: info.referenceDateIso };
  });
  if (proved.date !== '2026-06-01') fail(`in-browser proof: ${JSON.stringify(proved)}`);
  const version = (await page.textContent('#status')).trim();
  console.log(`browser test (${await browser.version()}, ${version}): valid proof shown; tampered, replayed, untrusted-root, stale and incomplete expectations refused; ` +
    `proved in the page in ${proved.ms.toFixed(0)} ms; screenshots in ${shots}`);
  if (outside.length) fail(`requests left 127.0.0.1: ${outside.join(', ')}`);
} catch (e) {
  fail(e.stack ?? String(e));
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
