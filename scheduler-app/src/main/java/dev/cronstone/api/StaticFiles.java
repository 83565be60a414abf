package dev.cronstone.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console: files of the classpath folder {@code /console/} served at {@code /} ({@code /} is
 * {@code index.html}). Only plain names of known types are served (no directory listing, no {@code
 * ..}, no hidden files); when the console is not built in, {@code /} answers a small placeholder
 * page. Every answer carries a Content-Security-Policy of {@code default-src 'self'}.
 */
final class StaticFiles {
  static final String ROOT = "console/";
  static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Pattern SAFE =
      Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("map", "application/json"));
  private static final String PLACEHOLDER =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Cronstone</title></head>
      <body><h1>Cronstone</h1>
      <p>This node runs, but its web console is not built in. The HTTP API is at
      <code>/api/v1</code> (see docs/api.md); health at <code>/health/ready</code>.</p>
      </body></html>
      """;

  private final ClassLoader loader;

  StaticFiles(ClassLoader loader) {
    this.loader = loader;
  }

  void serve(Call call, String method, String path) throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      call.header("Allow", "GET, HEAD");
      call.error(405, Errors.methodNotAllowed(method, path, List.of("GET", "HEAD")));
      return;
    }
    String name = path.equals("/") ? "index.html" : path.substring(1);
    Optional<String> type = type(name);
    if (type.isEmpty() || !SAFE.matcher(name).matches() || name.contains("..")) {
      call.error(404, Errors.notFound(path));
      return;
    }
    call.header("Content-Security-Policy", CSP);
    try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        if (name.equals("index.html")) {
          call.bytes(200, type.get(), PLACEHOLDER.getBytes(StandardCharsets.UTF_8));
        } else {
          call.error(404, Errors.notFound(path));
        }
        return;
      }
      call.bytes(200, type.get(), in.readAllBytes());
    }
  }

  private static Optional<String> type(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0 || name.lastIndexOf('/') > dot) {
      return Optional.empty();
    }
    return Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }
}
