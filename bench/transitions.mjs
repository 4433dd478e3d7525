#!/usr/bin/env node
// Sustained case transitions per second over HTTP against the built server, as a ratio to pgbench
// TPC-B on the same PostgreSQL in the same run. Each worker drives its own case round a cycle that
// touches every part of a transition: an information notice (letter + deadline), its answer
// (deadline met), remediation, closure (deadlines cancelled) and reopening.
// Usage: npm run build && node bench/transitions.mjs   (needs a PostgreSQL: DATABASE_URL, or starts a throwaway one)
import { spawn } from 'node:child_process';
import { measureLine, pgbenchTpcb } from './lib/baselines.mjs';
import { freePort, startPostgres } from '../test/support/pg-server.mjs';
import { waitFor, createDatabase, isMain, recordResults, serverBuild } from './lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const GOAL = 0.5; // issue 4: transitions ≥ 0.5 × pgbench TPC-B
const PASSWORD = 'bench-demo-password-0123';

const LETTER = {
  recipient: { organisationName: 'Demo Platform Ltd' },
  requirements: [{ item: 'Your illegal content risk assessment' }],
  reasons: ['To decide whether to open an investigation.'],
  responseForm: 'One PDF through the provider portal.',
};

/** The cycle each worker repeats: [who, event, data, reason?]. */
const CYCLE = [
  ['officer', 'issue_information_notice', { responseDays: 14, letter: LETTER }],
  ['officer', 'record_information_response', { summary: 'Answered.' }],
  ['officer', 'begin_remediation', {}],
  ['officer', 'close', { outcome: 'remediated', summary: 'Fixed.' }],
  ['decider', 'reopen', {}, 'The failure came back.'],
];


async function call(base, token, method, path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function signIn(base, email) {
  const res = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`signing in as ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}


export async function benchTransitions() {
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startPostgres();
    adminUrl = server.adminUrl;
  }
  const tpcb = pgbenchTpcb(await createDatabase(adminUrl, 'bench_pgbench'));
  const appUrl = await createDatabase(adminUrl, 'bench_transitions');
  const port = await freePort();
  const app = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), serverBuild().main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: appUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD, DATA_DIR: '/tmp/osa-bench', TZ: 'UTC' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/health/ready`);
    const tokens = { officer: await signIn(base, 'officer@demo.test'), decider: await signIn(base, 'decider@demo.test') };
    const cases = [];
    for (let i = 0; i < WORKERS; i += 1) {
      const res = await call(base, tokens.officer, 'POST', '/api/v1/cases', { serviceUrl: `https://bench-${i}.example`, title: `Benchmark case ${i}`, harmCategories: ['fraud'] });
      if (res.status !== 201) throw new Error(`creating a case: ${res.status} ${JSON.stringify(res.body)}`);
      cases.push(res.body);
    }
    let accepted = 0;
    let refused = 0;
    const latencies = [];
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      cases.map(async (c) => {
        let version = c.version;
        for (let step = 0; Date.now() < deadline; step += 1) {
          const [who, event, data, reason] = CYCLE[step % CYCLE.length];
          const t0 = performance.now();
          const res = await call(base, tokens[who], 'POST', `/api/v1/cases/${c.id}/transitions`, { event, data, ...(reason ? { reason } : {}) }, { 'if-match': `"${version}"` });
          latencies.push(performance.now() - t0);
          if (res.status !== 200) {
            refused += 1;
            throw new Error(`${event} on ${c.reference}: ${res.status} ${JSON.stringify(res.body)}`);
          }
          accepted += 1;
          version = res.body.version;
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const rate = accepted / elapsed;
    latencies.sort((a, b) => a - b);
    const verify = await call(base, tokens.decider, 'GET', '/api/v1/audit/verify');
    return measureLine('case_transitions_per_second', rate, tpcb, `>= ${GOAL} x pgbench TPC-B tps`, rate / tpcb >= GOAL && refused === 0 && verify.body.ok === true, {
      transitions: accepted,
      seconds: Number(elapsed.toFixed(1)),
      workers: WORKERS,
      p50Ms: Number(latencies[Math.floor(latencies.length / 2)].toFixed(1)),
      p99Ms: Number(latencies[Math.floor(latencies.length * 0.99)].toFixed(1)),
      auditVerified: verify.body.ok,
      auditEventsChecked: verify.body.checked,
    });
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    server?.stop();
  }
}

if (isMain(import.meta.url)) recordResults(await benchTransitions());
