/**
 * The JSON shapes of the objects that both the HTTP API and the {@code jobs} command answer with:
 * jobs, runs, attempts, events, cancellations, backfills, nodes, spec validations, a job's saved
 * versions, enables and deletions (the schemas of docs/openapi.yaml). Each is one record built here
 * from the service layer's values, so that {@code jobs <command> --output json} and {@code GET
 * /api/v1/...} agree field for field for the same state (docs/cli.md, "JSON output"). Nothing here
 * touches Quartz or SQL: it reads through {@code JobService} and {@code RunService}.
 */
package dev.cronstone.view;
