/**
 * The HTTP API and the console's static files ({@code docs/api.md}), on Jetty 12 core handlers:
 * {@link dev.cronstone.api.ApiServer} is the one entry point. Every request under {@code /api}
 * needs a bearer token; {@code /health/*} and the open routes a node adds (such as {@code
 * /metrics}) do not. Endpoints go through the service layer ({@code JobService}, {@code
 * RunService}) and never touch Quartz or SQL themselves. Every error answer is the envelope of
 * docs/api.md "Errors", its status from {@link dev.cronstone.error.ErrorCode}.
 */
package dev.cronstone.api;
