package dev.cronstone.api;

import dev.cronstone.config.ApiConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.service.JobService;
import dev.cronstone.service.RunService;
import dev.cronstone.service.StoreInspector;
import dev.cronstone.service.StoreReadiness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP server: the API under {@code /api/v1}, health, the open routes the node adds (such
 * as {@code /metrics}), and the console at {@code /}. Listens on {@code api.bind}:{@code api.port}
 * ({@code port: 0} takes an ephemeral port: {@link #uri()} says which). Close it to stop.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final int MAX_THREADS = 200;

  /** What the endpoints use: the service layer over the node's store. */
  public record Services(
      JobService jobs, RunService runs, StoreInspector inspector, StoreReadiness probe) {
    public Services {
      Objects.requireNonNull(jobs, "jobs");
      Objects.requireNonNull(runs, "runs");
      Objects.requireNonNull(inspector, "inspector");
      Objects.requireNonNull(probe, "probe");
    }
  }

  private final String nodeId;
  private final Server server;
  private final URI uri;
  private final Optional<Path> tokenFile;
  private final AtomicBoolean open;

  private ApiServer(
      String nodeId, Server server, URI uri, Optional<Path> tokenFile, AtomicBoolean open) {
    this.nodeId = nodeId;
    this.server = server;
    this.uri = uri;
    this.tokenFile = tokenFile;
    this.open = open;
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
    Optional<Path> tokenFile = Optional.empty();
    Tokens tokens;
    if (api.configuredTokens().isEmpty()) {
      Path file = TokenFile.location(config);
      tokens = Tokens.single(TokenFile.readOrCreate(file));
      tokenFile = Optional.of(file.toAbsolutePath().normalize());
    } else {
      tokens = Tokens.of(api.configuredTokens());
    }
    AtomicBoolean open = new AtomicBoolean(true);
    Router apiRoutes = new Router();
    new JobEndpoints(services.jobs(), services.runs(), env, clock).routes(apiRoutes, Limits.PREFIX);
    new RunEndpoints(services.runs()).routes(apiRoutes, Limits.PREFIX);
    new EventStream(services.runs(), open).routes(apiRoutes, Limits.PREFIX);
    new ClusterEndpoints(services.inspector(), clock).routes(apiRoutes, Limits.PREFIX);
    new ValidateEndpoint(clock).routes(apiRoutes, Limits.PREFIX);
    Router openPaths = new Router();
    new OpenEndpoints(nodeId, services.probe()).routes(openPaths, openRoutes);
    ApiHandler handler =
        new ApiHandler(
            nodeId,
            tokens,
            apiRoutes,
            openPaths,
            new StaticFiles(ApiServer.class.getClassLoader()));
    Server server = server(api, handler);
    try {
      server.start();
    } catch (Exception e) {
      stop(server);
      throw new CronstoneException(
          ErrorCode.CONFIG_INVALID,
          "the API cannot listen on " + api.bind() + ":" + api.port() + ": " + reason(e),
          null,
          List.of(),
          e);
    }
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    String host = api.bind().contains(":") ? "[" + api.bind() + "]" : api.bind();
    URI uri = URI.create("http://" + host + ":" + port);
    LOG.info("[{}] API listening on {}", nodeId, uri);
    return new ApiServer(nodeId, server, uri, tokenFile, open);
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
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(api.bind());
    connector.setPort(api.port());
    server.addConnector(connector);
    server.setHandler(handler);
    server.setErrorHandler(new EnvelopeErrorHandler());
    server.setStopTimeout(3000);
    return server;
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

  /** The file holding the generated token, when no token is configured. */
  public Optional<Path> tokenFile() {
    return tokenFile;
  }

  @Override
  public void close() {
    open.set(false);
    stop(server);
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
