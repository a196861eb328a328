// The verify page: loads medzk-wasm (full build, for policy hashing) from this
// server, verifies what the user pasted or dropped, and says why if not valid.
import init, { verify, policyInfo, version } from '../pkg/full/web/medzk_wasm.js';

const $ = (id) => document.getElementById(id);
const result = $('result');

function show(valid, text) {
  result.className = valid ? 'valid' : 'invalid';
  result.textContent = text;
}

function check() {
  let policy;
  try {
    policy = policyInfo($('policy').value);
  } catch (e) {
    return show(false, `not valid: the policy is not usable: ${e.message}`);
  }
  const challenge = $('challenge').value.trim();
  const expectations = challenge ? JSON.stringify({ challenge }) : undefined;
  try {
    const info = verify($('proof').value, $('key').value, policy.hash, expectations);
    show(true, `valid: ${policy.name} — ${policy.description}\nreference date ${info.referenceDateIso} — nullifier ${info.nullifier}`);
  } catch (e) {
    show(false, `not valid: ${e.message}`);
  }
}

for (const area of document.querySelectorAll('.drop')) {
  const textarea = area.querySelector('textarea');
  area.addEventListener('dragover', (e) => { e.preventDefault(); area.classList.add('over'); });
  area.addEventListener('dragleave', () => area.classList.remove('over'));
  area.addEventListener('drop', async (e) => {
    e.preventDefault();
    area.classList.remove('over');
    const file = e.dataTransfer.files[0];
    if (file) textarea.value = await file.text();
  });
}

await init();
$('verify').disabled = false;
$('verify').addEventListener('click', check);
$('status').textContent = `ready (${version()})`;
