package dev.cronstone.api;

import dev.cronstone.config.ApiConfig;
import dev.cronstone.config.Keystores;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.TlsConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.service.JobService;
import dev.cronstone.service.RunService;
import dev.cronstone.service.StoreInspector;
import dev.cronstone.service.StoreReadiness;
import dev.cronstone.tokens.TokenStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP server: the API under {@code /api/v1}, health, the open routes the node adds (such
 * as {@code /metrics}), and the console at {@code /}. Listens on {@code api.bind}:{@code api.port}
 * ({@code port: 0} takes an ephemeral port: {@link #uri()} says which), HTTPS only when {@code
 * api.tls} is set. Close it to stop.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final int MAX_THREADS = 200;

  /** What the endpoints use: the service layer over the node's store. */
  public record Services(
      JobService jobs,
      RunService runs,
      StoreInspector inspector,
      StoreReadiness probe,
      TokenStore tokens) {
    public Services {
      Objects.requireNonNull(tokens, "tokens");
      Objects.requireNonNull(jobs, "jobs");
      Objects.requireNonNull(runs, "runs");
      Objects.requireNonNull(inspector, "inspector");
      Objects.requireNonNull(probe, "probe");
    }
  }

  private final String nodeId;
  private final Server server;
  private final URI uri;
  private final TokenStart.Started tokens;
  private final AtomicBoolean open;
  private final ScheduledExecutorService delays;

  private ApiServer(
      String nodeId,
      Server server,
      URI uri,
      TokenStart.Started tokens,
      AtomicBoolean open,
      ScheduledExecutorService delays) {
    this.nodeId = nodeId;
    this.server = server;
    this.uri = uri;
    this.tokens = tokens;
    this.open = open;
    this.delays = delays;
  }

  /**
   * Starts the server.
   *
   * @param openRoutes routes outside {@code /api} that need no token (e.g. {@code /metrics})
   * @throws CronstoneException {@code config_invalid} when it cannot listen or has no token
   */
  public static ApiServer start(
      String nodeId,
      NodeConfig config,
      Services services,
      Function<String, Optional<String>> env,
      Clock clock,
      List<OpenRoute> openRoutes) {
    ApiConfig api = config.api();
    TokenStart.Started tokens = TokenStart.start(nodeId, config, services.tokens(), clock);
    AtomicBoolean open = new AtomicBoolean(true);
    Router apiRoutes = new Router();
    JobEndpoints jobReads = new JobEndpoints(services.jobs(), services.runs(), env, clock);
    jobReads.routes(apiRoutes, Limits.PREFIX);
    new JobEditEndpoints(services.jobs(), jobReads, env, clock).routes(apiRoutes, Limits.PREFIX);
    new RunEndpoints(services.runs()).routes(apiRoutes, Limits.PREFIX);
    new BackfillEndpoints(services.runs().backfills()).routes(apiRoutes, Limits.PREFIX);
    new EventStream(services.runs(), open).routes(apiRoutes, Limits.PREFIX);
    new OutputEndpoints(services.runs()).routes(apiRoutes, Limits.PREFIX);
    new OutputStreams(services.runs(), open).routes(apiRoutes, Limits.PREFIX);
    new ClusterEndpoints(services.inspector(), clock).routes(apiRoutes, Limits.PREFIX);
    new ValidateEndpoint(clock).routes(apiRoutes, Limits.PREFIX);
    new SchemaEndpoint().routes(apiRoutes, Limits.PREFIX);
    Router openPaths = new Router();
    new OpenEndpoints(nodeId, services.probe()).routes(openPaths, openRoutes);
    ScheduledExecutorService delays = delays();
    ApiHandler handler =
        new ApiHandler(
            nodeId,
            tokens.tokens(),
            new AuthThrottle(nodeId, api.rateLimit(), clock),
            new ClientAddress(api.trustedProxies()),
            (delay, answer) -> later(delays, delay, answer),
            apiRoutes,
            openPaths,
            new StaticFiles(ApiServer.class.getClassLoader()));
    Server server;
    try {
      server = server(api, handler);
    } catch (RuntimeException e) {
      delays.shutdownNow();
      throw e;
    }
    try {
      server.start();
    } catch (Exception e) {
      stop(server);
      delays.shutdownNow();
      throw new CronstoneException(
          ErrorCode.CONFIG_INVALID,
          "the API cannot listen on " + api.bind() + ":" + api.port() + ": " + reason(e),
          null,
          List.of(),
          e);
    }
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    String host = api.bind().contains(":") ? "[" + api.bind() + "]" : api.bind();
    String scheme = api.tls().isPresent() ? "https" : "http";
    URI uri = URI.create(scheme + "://" + host + ":" + port);
    LOG.info("[{}] API listening on {}", nodeId, uri);
    return new ApiServer(nodeId, server, uri, tokens, open, delays);
  }

  private static ScheduledExecutorService delays() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "cronstone-api-delays");
          t.setDaemon(true);
          return t;
        });
  }

  /** Answers later; at once when the server is stopping. */
  private static void later(ScheduledExecutorService delays, Duration delay, Runnable answer) {
    try {
      delays.schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      answer.run();
    }
  }

  private static Server server(ApiConfig api, ApiHandler handler) {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("cronstone-api");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector =
        api.tls().isPresent()
            ? new ServerConnector(
                server,
                new SslConnectionFactory(tls(api.tls().get()), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https(http)))
            : new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(api.bind());
    connector.setPort(api.port());
    server.addConnector(connector);
    server.setHandler(handler);
    server.setErrorHandler(new EnvelopeErrorHandler());
    server.setStopTimeout(3000);
    return server;
  }

  /**
   * Jetty's own TLS over the keystore of {@code api.tls}: TLS 1.2 and 1.3 only, Jetty's default
   * cipher exclusions (no MD5, SHA-1, RSA key exchange, NULL or anonymous suites).
   */
  private static SslContextFactory.Server tls(TlsConfig tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(Keystores.open(tls));
    ssl.setKeyStorePassword(tls.password());
    ssl.setKeyManagerPassword(tls.password());
    ssl.setIncludeProtocols(TlsConfig.PROTOCOLS);
    return ssl;
  }

  private static HttpConfiguration https(HttpConfiguration http) {
    HttpConfiguration https = new HttpConfiguration(http);
    https.setSecureScheme("https");
    https.addCustomizer(new SecureRequestCustomizer());
    return https;
  }

  private static String reason(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return uri;
  }

  /** The token file, when it holds a token this node accepts (none configured). */
  public Optional<Path> tokenFile() {
    return tokens.tokenFile();
  }

  /** Where the operator finds a token, as {@code jobs serve} prints it (never the token). */
  public String tokenNotice() {
    return tokens.notice();
  }

  @Override
  public void close() {
    open.set(false);
    stop(server);
    delays.shutdownNow();
    LOG.info("[{}] API stopped", nodeId);
  }

  private static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the API server: {}", e.getMessage());
    }
  }
}
