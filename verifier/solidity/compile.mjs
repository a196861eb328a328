// Compiles MedzkVerifier.sol and MedzkGate.sol with the solc pinned in
// package.json (solc-js 0.8.28) and writes build/<Contract>.bin (creation
// bytecode, hex) and build/<Contract>.abi.json.
//
//   node compile.mjs           # write build/
//   node compile.mjs --check   # compile and fail if build/ differs (CI)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const here = path.dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes('--check');
const sources = {};
for (const file of ['MedzkVerifier.sol', 'MedzkGate.sol']) {
  sources[file] = { content: fs.readFileSync(path.join(here, file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 10000 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

const wanted = { MedzkVerifier: 'MedzkVerifier.sol', MedzkGate: 'MedzkGate.sol' };
let differs = false;
fs.mkdirSync(path.join(here, 'build'), { recursive: true });
for (const [name, file] of Object.entries(wanted)) {
  const contract = output.contracts[file][name];
  const files = {
    [`${name}.bin`]: contract.evm.bytecode.object + '\n',
    [`${name}.abi.json`]: JSON.stringify(contract.abi, null, 2) + '\n',
  };
  for (const [out, text] of Object.entries(files)) {
    const target = path.join(here, 'build', out);
    if (check) {
      const old = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (old !== text) {
        console.error(`build/${out} differs from what solc ${solc.version()} produces`);
        differs = true;
      }
    } else {
      fs.writeFileSync(target, text);
    }
  }
  console.log(`${name}: ${contract.evm.deployedBytecode.object.length / 2} bytes deployed (solc ${solc.version()})`);
}
process.exit(differs ? 1 : 0);
