// Drives the official @sentry/node SDK against Sluice (see SentryNodeSdkTest): an error, a message, a
// transaction with child spans, a cron check-in pair, a release-health session and structured logs.
import * as Sentry from '@sentry/node';

const dsn = process.env.SLUICE_SENTRY_DSN;
const sent = [];
Sentry.init({
  dsn,
  release: 'shop@1.2.3',
  environment: 'production',
  tracesSampleRate: 1.0,
  enableLogs: true,
  defaultIntegrations: false,
  beforeSendTransaction(event) { sent.push('transaction'); return event; },
  beforeSend(event) { sent.push('event'); return event; },
});

Sentry.startSession();
Sentry.captureException(new TypeError('cart is undefined'));
Sentry.captureMessage('payment provider slow', 'warning');

Sentry.startSpan({ name: 'POST /checkout', op: 'http.server' }, () => {
  Sentry.startSpan({ name: 'SELECT * FROM carts', op: 'db.query' }, () => {});
  Sentry.startSpan({ name: 'charge card', op: 'http.client' }, () => {});
});

const checkInId = Sentry.captureCheckIn(
  { monitorSlug: 'nightly-report', status: 'in_progress' },
  { schedule: { type: 'crontab', value: '0 3 * * *' }, checkinMargin: 5, maxRuntime: 10, timezone: 'Europe/Berlin' },
);
Sentry.captureCheckIn({ checkInId, monitorSlug: 'nightly-report', status: 'ok', duration: 1.5 });

Sentry.logger.info('order placed', { orderId: 42 });
Sentry.logger.error('refund failed', { orderId: 43 });

Sentry.endSession();
const flushed = await Sentry.flush(10000);
console.log('SLUICE_SENT ' + JSON.stringify({ flushed, checkInId, sent }));
await Sentry.close(2000);
