import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

// An OTLP/HTTP collector in the test process: it takes what the apps' exporters post to /v1/traces (protobuf,
// ExportTraceServiceRequest) and keeps the spans, decoded with just enough of the protobuf wire format.

export interface CollectedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: ReadonlyMap<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
}

export interface OtlpCollector {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  readonly url: string;
  readonly spans: readonly CollectedSpan[];
  /** Content types of the requests received. */
  readonly contentTypes: readonly string[];
  close(): Promise<void>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      contentTypes.push(String(request.headers['content-type']));
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      spans.push(...decodeExportRequest(body));
      // An empty ExportTraceServiceResponse: full success.
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Field {
  readonly number: number;
  readonly varint?: bigint;
  readonly bytes?: Buffer;
  readonly fixed64?: Buffer;
}

function* fields(buffer: Buffer): Generator<Field> {
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (at < buffer.length) {
    const tag = Number(varint());
    const number = tag >>> 3;
    switch (tag & 7) {
      case 0:
        yield { number, varint: varint() };
        break;
      case 1:
        yield { number, fixed64: buffer.subarray(at, (at += 8)) };
        break;
      case 2: {
        const length = Number(varint());
        yield { number, bytes: buffer.subarray(at, (at += length)) };
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${tag & 7}`);
    }
  }
}

const each = (buffer: Buffer, number: number): Buffer[] =>
  [...fields(buffer)].filter((f) => f.number === number && f.bytes).map((f) => f.bytes!);

function keyValue(buffer: Buffer): [string, string | number | boolean] {
  let key = '';
  let value: string | number | boolean = '';
  for (const field of fields(buffer)) {
    if (field.number === 1) key = field.bytes!.toString('utf8');
    if (field.number === 2) {
      for (const any of fields(field.bytes!)) {
        if (any.number === 1) value = any.bytes!.toString('utf8');
        if (any.number === 2) value = any.varint === 1n;
        if (any.number === 3) value = Number(BigInt.asIntN(64, any.varint!));
        if (any.number === 4) value = any.fixed64!.readDoubleLE(0);
      }
    }
  }
  return [key, value];
}

function decodeExportRequest(body: Buffer): CollectedSpan[] {
  const collected: CollectedSpan[] = [];
  for (const resourceSpans of each(body, 1)) {
    const resource = each(resourceSpans, 1)[0];
    const resourceAttributes = new Map(
      resource === undefined ? [] : each(resource, 1).map(keyValue),
    );
    const service = String(resourceAttributes.get('service.name') ?? '');
    for (const scopeSpans of each(resourceSpans, 2)) {
      for (const span of each(scopeSpans, 2)) {
        const parts = [...fields(span)];
        const bytes = (n: number) => parts.find((f) => f.number === n)?.bytes ?? Buffer.alloc(0);
        const status = parts.find((f) => f.number === 15)?.bytes;
        collected.push({
          service,
          traceId: bytes(1).toString('hex'),
          spanId: bytes(2).toString('hex'),
          parentSpanId: bytes(4).toString('hex'),
          name: bytes(5).toString('utf8'),
          kind: Number(parts.find((f) => f.number === 6)?.varint ?? 0n),
          attributes: new Map(each(span, 9).map(keyValue)),
          statusCode:
            status === undefined
              ? 0
              : Number([...fields(status)].find((f) => f.number === 3)?.varint ?? 0n),
        });
      }
    }
  }
  return collected;
}
