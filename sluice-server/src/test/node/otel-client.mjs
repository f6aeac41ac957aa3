// Drives the OpenTelemetry JS OTLP/HTTP exporters against Sluice (see OtlpNodeExportersTest): a trace with a
// root span, a child, an exception and a gen_ai span through the JSON exporter, one through the protobuf
// exporter, and log records through the logs exporter.
import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';

const base = process.env.SLUICE_URL;
const headers = { Authorization: 'Bearer ' + process.env.SLUICE_KEY };
const resource = resourceFromAttributes({
  'service.name': 'checkout-node', 'service.version': '2.0.0', 'deployment.environment.name': 'production',
});

async function traceWith(exporter, rootName) {
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  const tracer = provider.getTracer('sluice-otel-client');
  const root = tracer.startSpan(rootName, { attributes: { 'http.request.method': 'POST' } });
  const ctx = trace.setSpan(context.active(), root);
  const db = tracer.startSpan('SELECT orders', { attributes: { 'db.system.name': 'postgresql' } }, ctx);
  db.end();
  const llm = tracer.startSpan('chat gpt-4o-mini', { attributes: {
    'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300 } }, ctx);
  llm.end();
  const failing = tracer.startSpan('charge card', {}, ctx);
  failing.recordException(new RangeError('amount must be positive'));
  failing.setStatus({ code: SpanStatusCode.ERROR });
  failing.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

const jsonTrace = await traceWith(new JsonTraceExporter({ url: base + '/v1/traces', headers }), 'POST /orders');
const protoTrace = await traceWith(new ProtoTraceExporter({ url: base + '/v1/traces', headers }), 'POST /refunds');

const logs = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({
  exporter: new OTLPLogExporter({ url: base + '/v1/logs', headers }) })] });
const logger = logs.getLogger('sluice-otel-client');
logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'inventory low',
  attributes: { sku: 'A-1' } });
logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'order export failed',
  attributes: { orderId: 7 } });
await logs.forceFlush();
await logs.shutdown();
console.log('SLUICE_SENT ' + JSON.stringify({ jsonTrace, protoTrace }));
