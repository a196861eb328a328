// Smoke test of the medzk gate against a JSON-RPC node on 127.0.0.1 (ganache,
// pinned in package.json), driven only over HTTP JSON-RPC:
//   node evm_smoke.mjs <path to the medzk binary>
// Makes dev keys (seed 42, the key the committed verifier was rendered from),
// an issuer, a holder and a credential with the CLI; deploys MedzkGate from the
// committed solc bytecode; proves with the challenge the gate asks of the
// holder's account; submits (admitted, one event) and submits again (reverted).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ganache from 'ganache';

const medzk = path.resolve(process.argv[2] ?? '../target/release/medzk');
const build = new URL('../verifier/solidity/build/', import.meta.url);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'medzk-evm-smoke-'));
const cli = (...args) => execFileSync(medzk, args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const server = ganache.server({ logging: { quiet: true }, chain: { hardfork: 'shanghai' } });
await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
const url = `http://127.0.0.1:${server.address().port}`;
let id = 0;
async function rpc(method, params = []) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const selector = async (signature) =>
  (await rpc('web3_sha3', ['0x' + Buffer.from(signature).toString('hex')])).slice(0, 10);
async function send(from, to, data) {
  const hash = await rpc('eth_sendTransaction', [{ from, to, data, gas: '0x4c4b40' }]);
  return rpc('eth_getTransactionReceipt', [hash]);
}
function fail(message) {
  console.error(`evm smoke: ${message}`);
  server.close();
  process.exit(1);
}

try {
  const [owner, holder] = await rpc('eth_accounts');
  const client = await rpc('web3_clientVersion');

  cli('issuer', 'keygen', '--name', 'Registry', '--schemas', 'immunization', '--out', 'registry-key.json');
  cli('holder', 'keygen', '--out', 'me.json');
  fs.writeFileSync(
    path.join(work, 'immunization.json'),
    JSON.stringify({
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
      occurrenceDateTime: '2021-07-01',
    }),
  );
  cli('issue', '--issuer', 'registry-key.json', '--holder', 'me.json', '--fhir', 'immunization.json', '--out-dir', 'creds');
  cli('issuers', 'root', '--issuer', 'registry-key.json', '--out', 'registry.json');
  cli('setup', '--shape', 'small', '--insecure-dev-seed', '42', '--out-dir', 'keys');
  const credential = path.join('creds', fs.readdirSync(path.join(work, 'creds'))[0]);
  const policy = new URL('../examples/policies/vaccinated-after.json', import.meta.url).pathname;
  const prove = (challenge) => {
    cli('prove', '--policy', policy, '--credential', credential, '--holder', 'me.json', '--registry', 'registry.json',
      '--keys', 'keys', '--challenge', challenge, '--out', 'proof.json');
    cli('export', 'snarkjs', '--proof', 'proof.json', '--keys', 'keys', '--out-dir', 'snarkjs');
    const proof = JSON.parse(fs.readFileSync(path.join(work, 'snarkjs/proof.json'), 'utf8'));
    const inputs = JSON.parse(fs.readFileSync(path.join(work, 'snarkjs/public.json'), 'utf8'));
    const words = [proof.pi_a[0], proof.pi_a[1], proof.pi_b[0][1], proof.pi_b[0][0], proof.pi_b[1][1],
      proof.pi_b[1][0], proof.pi_c[0], proof.pi_c[1], ...inputs];
    return { inputs, calldata: words.map(word).join('') };
  };

  // A first proof tells the gate's policy hash, scope and issuer root.
  const first = prove('1');
  const [root, policyHash, , scope] = first.inputs;
  const bytecode = fs.readFileSync(new URL('MedzkGate.bin', build), 'utf8').trim();
  const deployment = await send(owner, null, '0x' + bytecode + [policyHash, scope, root, 30, 86400].map(word).join(''));
  if (deployment.status !== '0x1') fail('gate deployment failed');
  const gate = deployment.contractAddress;

  const challengeData = (await selector('challengeFor(address)')) + word(holder);
  const challenge = BigInt(await rpc('eth_call', [{ from: holder, to: gate, data: challengeData }, 'latest']));
  const { calldata } = prove(challenge.toString());
  const submit = (await selector('submit(uint256[8],uint256[7])')) + calldata;

  const admitted = await send(holder, gate, submit);
  if (admitted.status !== '0x1' || admitted.logs.length !== 1) fail(`submission not admitted: ${JSON.stringify(admitted)}`);
  const replay = await send(holder, gate, submit).catch((e) => ({ status: '0x0', error: e.message }));
  if (replay.status !== '0x0') fail('the same nullifier was admitted twice');
  const stranger = await send(owner, gate, submit).catch((e) => ({ status: '0x0', error: e.message }));
  if (stranger.status !== '0x0') fail("another account's submission of the proof was admitted");
  console.log(
    `evm smoke (${client}): gate at ${gate} admitted the CLI proof (gas ${BigInt(admitted.gasUsed)}), ` +
      'refused the replay and the front-runner',
  );
} catch (e) {
  fail(e.stack ?? String(e));
}
server.close();
fs.rmSync(work, { recursive: true, force: true });
process.exit(0);
