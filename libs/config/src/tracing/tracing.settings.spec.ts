import { ConfigValidationError } from '../config-validation.error';
import { loadOrchestratorConfig } from '../per-app/orchestrator.config';

const issuesOf = (environment: Record<string, string>) => {
  try {
    loadOrchestratorConfig(environment);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
};

describe('tracing settings', () => {
  it('is off unless an OTLP endpoint is set', () => {
    expect(loadOrchestratorConfig({}).tracing.exporter).toBeNull();
  });

  it('posts to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, or to the traces endpoint when that is set', () => {
    expect(
      loadOrchestratorConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing
        .exporter?.tracesUrl,
    ).toBe('http://collector:4318/v1/traces');
    expect(
      loadOrchestratorConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
      }).tracing.exporter?.tracesUrl,
    ).toBe('https://traces.example/otlp');
  });

  it('reads the collector headers as name=value pairs with URL-encoded values', () => {
    const { exporter } = loadOrchestratorConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc, x-tenant=mobile',
    }).tracing;
    expect({ ...exporter?.headers }).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'mobile' });
  });

  it('names the bad setting, never its value', () => {
    expect(issuesOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' })).toEqual([
      { key: 'OTEL_EXPORTER_OTLP_ENDPOINT', message: 'must be an http:// or https:// URL' },
    ]);
    const issues = issuesOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'secret-without-a-name',
    });
    expect(issues.map((issue) => issue.key)).toEqual(['OTEL_EXPORTER_OTLP_HEADERS']);
    expect(JSON.stringify(issues)).not.toContain('secret-without-a-name');
    expect(issuesOf({ OTEL_TRACES_SAMPLER_ARG: '2' })[0]?.key).toBe('OTEL_TRACES_SAMPLER_ARG');
  });
});
