// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// serves bindings/wasm from 127.0.0.1, loads www/index.html, verifies the
// fixture proof and asserts the text shown, then a tampered proof; proves in
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
  await page.fill('#challenge', '1234');
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

  // Holder-side proving in the page (small shape), timed.
  const proved = await page.evaluate(async () => {
    const m = await import('../pkg/full/web/medzk_wasm.js');
    const get = async (f) => (await fetch(`../tests/fixtures/${f}`)).text();
    const pk = new Uint8Array(await (await fetch('../tests/fixtures/keys/small.pk')).arrayBuffer());
    const [policy, credential, holder, registry, vk] = await Promise.all(
      ['policy.json', 'credential.json', 'holder.json', 'registry.json', 'verification_key.json'].map(get));
    const start = performance.now();
    const proof = m.prove(policy, [credential], holder, registry, pk, '4321', '2026-06-01');
    const ms = performance.now() - start;
    const info = m.verify(proof, vk, m.policyHash(policy), JSON.stringify({ challenge: '4321' }));
    return { ms, date: info.referenceDateIso };
  });
  if (proved.date !== '2026-06-01') fail(`in-browser proof: ${JSON.stringify(proved)}`);
  const version = (await page.textContent('#status')).trim();
  console.log(`browser test (${await browser.version()}, ${version}): valid proof shown, tampered and replayed refused; ` +
    `proved in the page in ${proved.ms.toFixed(0)} ms; screenshots in ${shots}`);
  if (outside.length) fail(`requests left 127.0.0.1: ${outside.join(', ')}`);
} catch (e) {
  fail(e.stack ?? String(e));
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
