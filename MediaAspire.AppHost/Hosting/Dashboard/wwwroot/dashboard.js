// The dashboard polls resources and platform numbers every second and streams one resource's logs over SSE.
const tbody = document.querySelector('#resources tbody');
const log = document.getElementById('log');
const follow = document.getElementById('follow');
const filter = document.getElementById('filter');
let selected = null;
let source = null;

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) { const span = document.createElement('span'); span.className = cls; span.textContent = text; td.appendChild(span); }
  else td.textContent = text ?? '';
  return td;
}

function render(resources) {
  tbody.replaceChildren();
  for (const r of resources) {
    const tr = document.createElement('tr');
    tr.dataset.name = r.name;
    if (r.name === selected) tr.className = 'selected';
    tr.appendChild(cell(r.name));
    tr.appendChild(cell(r.type));
    tr.appendChild(cell(r.state, `pill s-${r.state}`));
    const health = cell(r.health, `pill h-${r.health}`);
    if (r.healthMessage) { const m = document.createElement('span'); m.className = 'health-message'; m.textContent = r.healthMessage; health.appendChild(m); }
    tr.appendChild(health);
    const endpoints = document.createElement('td');
    for (const url of r.urls) {
      const a = document.createElement('a');
      a.href = url.startsWith('http') ? url : '#'; a.textContent = url; a.target = '_blank';
      endpoints.appendChild(a); endpoints.appendChild(document.createTextNode(' '));
    }
    tr.appendChild(endpoints);
    tr.appendChild(cell(r.pid));
    tr.appendChild(cell(r.restarts));
    tr.appendChild(cell(r.startedAt ? new Date(r.startedAt).toLocaleTimeString() : ''));
    const actions = document.createElement('td');
    for (const command of ['stop', 'start', 'restart']) {
      const b = document.createElement('button');
      b.textContent = command; b.dataset.command = command;
      b.onclick = async (e) => { e.stopPropagation(); await fetch(`/api/resources/${r.name}/${command}`, { method: 'POST' }); refresh(); };
      actions.appendChild(b);
    }
    tr.appendChild(actions);
    tr.onclick = () => select(r.name);
    tbody.appendChild(tr);
  }
  // ?resource=<name> deep-links a resource's logs; an empty value opens none; by default the first project's.
  const linked = new URLSearchParams(location.search).get('resource');
  if (!selected && resources.length && linked !== '') select(linked ?? resources.find(r => r.type === 'Project')?.name ?? resources[0].name);
  const healthy = resources.filter(r => r.state === 'Running' && r.health === 'Healthy').length;
  document.getElementById('summary').textContent = `${healthy} of ${resources.length} healthy`;
}

function select(name) {
  selected = name;
  document.getElementById('log-resource').textContent = name;
  log.textContent = '';
  if (source) source.close();
  const query = filter.value ? `?filter=${encodeURIComponent(filter.value)}` : '';
  source = new EventSource(`/api/resources/${encodeURIComponent(name)}/logs${query}`);
  source.onmessage = (e) => {
    const line = JSON.parse(e.data);
    log.appendChild(document.createTextNode(line.text + '\n'));
    if (follow.checked) log.scrollTop = log.scrollHeight;
  };
  for (const tr of tbody.children) tr.className = tr.dataset.name === name ? 'selected' : '';
}

filter.addEventListener('change', () => { if (selected) select(selected); });

async function refresh() {
  const [resources, platform] = await Promise.allSettled([fetch('/api/resources'), fetch('/api/platform')]);
  if (resources.status === 'fulfilled' && resources.value.ok) render(await resources.value.json());
  if (platform.status !== 'fulfilled' || !platform.value.ok) return; // API not up yet
  const p = await platform.value.json();
  const set = (id, v) => document.getElementById(id).textContent = v ?? '–';
  set('m-pending', p.jobs.pending); set('m-running', p.jobs.running); set('m-completed', p.jobs.completed);
  set('m-failed', p.jobs.failed); set('m-minute', p.throughput.completed_last_minute); set('m-hour', p.throughput.completed_last_hour);
  document.getElementById('m-failed').parentElement.classList.toggle('bad', p.jobs.failed > 0);
  renderJobs(p.active ?? []);
}

// Jobs in progress with their stage and percent, from the API's /api/stats (proxied as /api/platform).
function renderJobs(jobs) {
  const body = document.querySelector('#jobs tbody');
  const none = cell('No job in progress.');
  none.colSpan = 5;
  body.replaceChildren(...(jobs.length === 0
    ? [row([none], 'empty')]
    : jobs.map(j => {
        const bar = document.createElement('progress');
        bar.max = 1; bar.value = j.progress;
        const progress = cell(`${Math.round(j.progress * 100)} %`);
        progress.prepend(bar);
        return row([cell(j.id.slice(-12)), cell(j.kind), cell(j.state), cell(j.stage ?? ''), progress]);
      })));
}

function row(cells, className) {
  const tr = document.createElement('tr');
  if (className) tr.className = className;
  tr.append(...cells);
  return tr;
}

refresh();
setInterval(refresh, 1000);
