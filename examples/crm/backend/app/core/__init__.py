"""Cross-cutting concerns: request context, logging, tracing, headers, rate limits, validation."""
