// Drives the real Open Sentry SDK (@zapdev-labs/sentry-clone 0.1.4) against a Sluice server.
// Run by OpenSentrySdkClientTest: `SLUICE_DSN=http://<key>@127.0.0.1:<port>/v1/ingest node sdk-client.mjs`.
//
// It wraps the global fetch (which the SDK calls) only to observe: every request is reported on stdout as
// `SLUICE_REQUEST {json}` with its URL, whether it carried the key header, its item count and the status,
// because the SDK itself ignores responses. The last line is `SLUICE_DONE {json}`. Exit code 0 means
// every captured item left the process and every request was answered.
import * as Sentry from "@zapdev-labs/sentry-clone";

const dsn = process.env.SLUICE_DSN;
if (!dsn) {
  process.stderr.write("SLUICE_DSN is not set\n");
  process.exit(2);
}

// --- observation: count items as they leave, remember every answer ----------------------------------------
const realFetch = globalThis.fetch;
const inflight = new Set();
const requests = [];
let sentItems = 0;

globalThis.fetch = (url, init = {}) => {
  const body = typeof init.body === "string" ? init.body : null;
  const headers = init.headers ?? {};
  const record = { url: String(url), keyHeader: "X-Open-Sentry-Key" in headers, items: 0, status: 0 };
  if (body !== null) {
    const parsed = JSON.parse(body);
    record.items = Array.isArray(parsed) ? parsed.length : 1;
    record.shape = Array.isArray(parsed) ? "array" : "object";
  }
  sentItems += record.items;
  const p = realFetch(url, init).then(
    async (res) => { record.status = res.status; record.answer = await res.text(); },
    (err) => { record.error = String(err); },
  ).finally(() => {
    requests.push(record);
    process.stdout.write(`SLUICE_REQUEST ${JSON.stringify(record)}\n`);
    inflight.delete(p);
  });
  inflight.add(p);
  return p.then(() => new Response(null, { status: record.status || 599 }));
};

// The SDK sends everything it queued, but flush() takes at most 20 items per call and a 2 s timer may take
// a batch concurrently, so drain until our own count says every captured item has left.
async function drain(expected) {
  const deadline = Date.now() + 15_000;
  while ((sentItems < expected || inflight.size > 0) && Date.now() < deadline) {
    await Sentry.flush();
    await Promise.allSettled([...inflight]);
  }
}

// --- what an application would do ----------------------------------------------------------------------------
Sentry.init({ dsn, tracesSampleRate: 1.0, environment: "e2e", release: "sdk-e2e@1.0.0" });
Sentry.setUser({ id: "u-42", email: null });
Sentry.setTag("suite", "sdk-e2e");
Sentry.setTag("attempt", 3); // plain JavaScript may pass a number where the typings say string
let captured = 0;

function chargeCard() {
  throw new TypeError("card declined");
}

function checkQuota() {
  throw new RangeError("quota exceeded");
}

// Two identical throws from the same place: one issue, count 2.
for (let i = 0; i < 2; i++) {
  try {
    chargeCard();
  } catch (e) {
    Sentry.captureException(e);
    captured++;
  }
}
try {
  checkQuota();
} catch (e) {
  Sentry.captureException(e);
  captured++;
}
Sentry.captureMessage("cache warmed", "warning");
captured++;
Sentry.captureException("plain string failure"); // not an Error: the SDK wraps it
captured++;

const tx = Sentry.startTransaction("GET /checkout");
const db = tx.startChild("db.query", "SELECT * FROM carts");
await new Promise((r) => setTimeout(r, 25)); // a measurable span duration
db.finish();
const pay = tx.startChild("http.client", "POST /payments");
await new Promise((r) => setTimeout(r, 25));
pay.finish();
tx.finish();
captured++;

Sentry.captureGeneration({
  provider: "openai", model: "gpt-4o-mini", inputTokens: 1200, outputTokens: 300,
  latencyMs: 850, timeToFirstTokenMs: 120, metadata: { feature: "summary" },
});
Sentry.captureOpenRouterGeneration(
  { prompt_tokens: 500, completion_tokens: 100, total_tokens: 600, cost: 0.0042,
    prompt_tokens_details: { cached_tokens: 200 } },
  "anthropic/claude-sonnet-4",
  { latencyMs: 1500 },
);
Sentry.captureGeneration({ provider: "acme", model: "acme-llm-1", inputTokens: 10, outputTokens: 5 });
captured += 3;

// 25 more: the 20th queued item triggers an immediate 20-item flush, the rest wait for the next one.
for (let i = 0; i < 25; i++) {
  Sentry.captureMessage("heartbeat", "info");
  captured++;
}
await drain(captured);

// --- the browser beacon path ----------------------------------------------------------------------------------
// In a browser the SDK posts with navigator.sendBeacon(<ingest URL>&key=K): no custom header, key twice.
// Node has no beacon, so this stand-in posts the SDK-built URL and Blob the way a browser would.
globalThis.window = { addEventListener() {} };
Object.defineProperty(globalThis, "navigator", {
  configurable: true,
  writable: true,
  value: {
    sendBeacon(url, blob) {
      // Tracked like the SDK's own requests, so drain() waits for it too.
      const p = blob.text().then((text) => globalThis.fetch(url, {
        method: "POST", body: text, headers: { "Content-Type": blob.type },
      }));
      inflight.add(p);
      p.finally(() => inflight.delete(p));
      return true;
    },
  },
});
const before = requests.length;
// The SDK decides browser-or-not when it builds its transport, i.e. in init(): init again to get the beacon.
Sentry.init({ dsn, tracesSampleRate: 1.0, environment: "e2e", release: "sdk-e2e@1.0.0" });
Sentry.captureMessage("page hidden", "info");
captured++;
await drain(captured);
const beacon = requests.slice(before);

const failed = requests.filter((r) => r.status !== 202);
const ok = sentItems === captured && failed.length === 0 && beacon.length === 1;
process.stdout.write(`SLUICE_DONE ${JSON.stringify({ captured, sentItems, requests: requests.length, ok })}\n`);
process.exit(ok ? 0 : 1);
