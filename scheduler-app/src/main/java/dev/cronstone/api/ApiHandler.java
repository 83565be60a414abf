package dev.cronstone.api;

import dev.cronstone.error.CronstoneException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: security headers, the token check under {@code /api} (with the limits on
 * failed authentication of {@link AuthThrottle}), routing, and the mapping of every failure to the
 * error envelope (no stack trace ever reaches a client).
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final String nodeId;
  private final Tokens tokens;
  private final AuthThrottle throttle;
  private final ClientAddress clients;
  private final Delays delays;
  private final Router api;
  private final Router open;
  private final StaticFiles files;

  /** Runs an answer later without holding a request thread meanwhile. */
  interface Delays {
    void after(Duration delay, Runnable answer);
  }

  ApiHandler(
      String nodeId,
      Tokens tokens,
      AuthThrottle throttle,
      ClientAddress clients,
      Delays delays,
      Router api,
      Router open,
      StaticFiles files) {
    super(InvocationType.BLOCKING);
    this.nodeId = nodeId;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clients = clients;
    this.delays = delays;
    this.api = api;
    this.open = open;
    this.files = files;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    secure(response);
    Call call = null;
    try {
      if (path.equals("/api") || path.startsWith("/api/")) {
        String address = client(request);
        Optional<Duration> refused = throttle.refusal(address);
        if (refused.isPresent()) {
          refuse(new Call(request, response, callback, Map.of(), ""), path, address, refused.get());
          return true;
        }
        Optional<String> who = authorize(request, path, address);
        if (who.isEmpty()) {
          Call answer = new Call(request, response, callback, Map.of(), "");
          String why = authProblem(request);
          Duration late = throttle.failed(address);
          Runnable unauthorized = () -> answer.error(401, Errors.unauthorized(why));
          if (late.isZero()) {
            unauthorized.run();
          } else {
            delays.after(late, unauthorized);
          }
          return true;
        }
        call = route(api, request, response, callback, path, who.get());
      } else {
        Router.Match match = open.match(method, path);
        if (match.endpoint().isPresent() || !match.allowed().isEmpty()) {
          call = route(open, request, response, callback, path, "");
        } else {
          call = new Call(request, response, callback, Map.of(), "");
          files.serve(call, method, path);
        }
      }
    } catch (CronstoneException e) {
      fail(request, response, callback, call, Errors.status(e), e.envelope(), null);
    } catch (Exception | StackOverflowError e) {
      fail(request, response, callback, call, 500, Errors.internal(), e);
    }
    return true;
  }

  private Call route(
      Router router, Request request, Response response, Callback callback, String path, String who)
      throws Exception {
    String method = request.getMethod();
    Router.Match match = router.match(method, path);
    Call call = new Call(request, response, callback, match.params(), who);
    if (request.getLength() > Limits.BODY_BYTES) {
      call.body(Limits.BODY_BYTES); // 413 for every endpoint, those that read no body included
    }
    if (match.endpoint().isPresent()) {
      match.endpoint().get().handle(call);
    } else if (!match.allowed().isEmpty()) {
      call.header(HttpHeader.ALLOW.asString(), String.join(", ", match.allowed()));
      call.error(405, Errors.methodNotAllowed(method, path, match.allowed()));
    } else {
      call.error(404, Errors.notFound(path));
    }
    return call;
  }

  private void refuse(Call call, String path, String address, Duration left) {
    long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
    LOG.debug("[{}] rate limited {} {} from {}", nodeId, call.request().getMethod(), path, address);
    call.header(HttpHeader.RETRY_AFTER.asString(), Long.toString(seconds));
    call.error(429, Errors.rateLimited(seconds));
  }

  /** The client's address: the TCP peer's, or the one a trusted proxy forwarded. */
  private String client(Request request) {
    return clients.of(
        Request.getRemoteAddr(request),
        request.getHeaders().getValuesList(ClientAddress.FORWARDED_FOR));
  }

  private Optional<String> authorize(Request request, String path, String address) {
    Optional<String> who = tokens.authorize(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (who.isEmpty()) {
      LOG.warn(
          "[{}] unauthorized {} {} from {}: {}",
          nodeId,
          request.getMethod(),
          path,
          address,
          authProblem(request));
    }
    return who;
  }

  private static String authProblem(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      return "no Authorization header";
    }
    if (!header.regionMatches(true, 0, Tokens.BEARER, 0, Tokens.BEARER.length())) {
      return "the Authorization header is not a bearer token";
    }
    return "the bearer token is not one this node accepts";
  }

  private void fail(
      Request request,
      Response response,
      Callback callback,
      Call call,
      int status,
      dev.cronstone.error.ErrorEnvelope envelope,
      Throwable bug) {
    if (bug != null) {
      LOG.error(
          "[{}] {} {} failed", nodeId, request.getMethod(), Request.getPathInContext(request), bug);
    }
    if (response.isCommitted()) {
      callback.failed(bug != null ? bug : new IllegalStateException(envelope.error().message()));
      return;
    }
    response.reset();
    secure(response);
    Call answer = call != null ? call : new Call(request, response, callback, Map.of(), "");
    answer.error(status, envelope);
  }

  /** Headers on every answer: no MIME sniffing, no referrer, never framed. */
  static void secure(Response response) {
    var headers = response.getHeaders();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
  }
}
