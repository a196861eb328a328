// The verify page: loads medzk-wasm (full build, for policy hashing) from this
// server, verifies what the user pasted or dropped against the expectations
// they entered (trusted roots, challenge, date window; the scope is the
// policy's), and says why if not valid. Every expectation is required; the
// challenge is waived only by ticking "accept any challenge".
import init, { verify, policyInfo, version } from '../pkg/full/web/medzk_wasm.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
// medzk dates are days since 1900-01-01; 1970-01-01 is day 25567.
const UNIX_EPOCH_DAY = 25567;
const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000 + UNIX_EPOCH_DAY;
const isoOf = (date) => date.toISOString().slice(0, 10);

function show(valid, text) {
  result.className = valid ? 'valid' : 'invalid';
  result.textContent = text;
}

/// The expectations JSON from the form; a missing entry is left out, so that
/// medzk-wasm's Error names it.
function expectations(policy) {
  const e = { scope: policy.scope };
  const roots = $('roots').value.split(/[\s,]+/).filter(Boolean);
  if (roots.length) e.issuerRoots = roots;
  const challenge = $('challenge').value.trim();
  if ($('any-challenge').checked) e.anyChallenge = true;
  if (challenge) e.challenge = challenge;
  const [from, to] = [$('from').value, $('to').value];
  if (from && to) e.referenceDates = [dayOf(from), dayOf(to)];
  return JSON.stringify(e);
}

function check() {
  let policy;
  try {
    policy = policyInfo($('policy').value);
  } catch (e) {
    return show(false, `not valid: the policy is not usable: ${e.message}`);
  }
  try {
    const info = verify($('proof').value, $('key').value, policy.hash, expectations(policy));
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

// Default window: proofs made in the last 30 days (or dated tomorrow, for time zones).
const now = Date.now();
$('from').value = isoOf(new Date(now - 30 * 86400000));
$('to').value = isoOf(new Date(now + 86400000));

await init();
$('verify').disabled = false;
$('verify').addEventListener('click', check);
$('status').textContent = `ready (${version()})`;
