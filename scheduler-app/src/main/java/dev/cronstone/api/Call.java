package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP exchange as an endpoint sees it: path parameters, query, a size-limited body, and
 * answers (JSON, text, bytes, the error envelope). Each call answers exactly once.
 */
final class Call {
  static final String JSON = "application/json";

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> params;
  private final String who;
  private Fields query;

  Call(
      Request request,
      Response response,
      Callback callback,
      Map<String, String> params,
      String who) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.params = Map.copyOf(params);
    this.who = who;
  }

  /** The name of the token that authorised the call (what the ledger records as who did it). */
  String who() {
    return who;
  }

  String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("no path parameter " + name);
    }
    return value;
  }

  Optional<String> query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    Fields.Field field = query.get(name);
    return field == null ? Optional.empty() : Optional.ofNullable(field.getValue());
  }

  /** An integer query parameter in {@code [min, max]}, {@code fallback} when absent. */
  int intQuery(String name, int fallback, int min, int max) {
    return (int) longQuery(name, fallback, min, max);
  }

  long longQuery(String name, long fallback, long min, long max) {
    Optional<String> text = query(name);
    if (text.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.get().trim());
    } catch (NumberFormatException e) {
      throw CronstoneException.invalidArgument(
          name, "must be a whole number, got '" + text.get() + "'");
    }
    if (value < min || value > max) {
      throw CronstoneException.invalidArgument(
          name, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  String contentType() {
    return Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse("");
  }

  /**
   * The request body, at most {@code limit} bytes.
   *
   * @throws CronstoneException {@code invalid_argument} (answered 413) when it is larger
   */
  byte[] body(int limit) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > limit) {
        drain(in, declared);
        throw tooLarge(limit);
      }
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        drain(in, declared);
        throw tooLarge(limit);
      }
      return bytes;
    }
  }

  /**
   * Reads and drops the rest of a body that is too large, up to {@link Limits#DRAIN_BYTES}: a
   * client still sending when the 413 goes out and the connection closes would see the connection
   * reset instead of the answer. Larger bodies are not read: their senders get the reset.
   */
  private static void drain(InputStream in, long declared) throws IOException {
    if (declared <= Limits.DRAIN_BYTES) { // -1: not declared (chunked)
      long left = Limits.DRAIN_BYTES;
      byte[] sink = new byte[8192];
      for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    }
  }

  static TooLarge tooLarge(int limit) {
    return new TooLarge(limit);
  }

  /** A body over the size limit: {@code invalid_argument}, answered with status 413. */
  static final class TooLarge extends CronstoneException {
    private static final long serialVersionUID = 1L;

    TooLarge(int limit) {
      super(
          ErrorCode.INVALID_ARGUMENT,
          "the request body is larger than " + limit + " bytes",
          null,
          List.of(new Problem(Problem.ROOT, "larger than " + limit + " bytes")));
    }
  }

  void json(int status, Object value) {
    bytes(status, JSON, ApiJson.bytes(value));
  }

  void text(int status, String contentType, String text) {
    bytes(status, contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  void bytes(int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  void error(int status, ErrorEnvelope envelope) {
    json(status, envelope);
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  Request request() {
    return request;
  }

  Response response() {
    return response;
  }

  Callback callback() {
    return callback;
  }
}
