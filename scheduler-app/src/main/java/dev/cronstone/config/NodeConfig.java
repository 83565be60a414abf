package dev.cronstone.config;

import java.util.Objects;

/**
 * A node's whole configuration ({@code scheduler.yaml}, docs/configuration.md), sealed after load.
 */
public record NodeConfig(
    StoreConfig store,
    ClusterConfig cluster,
    SchedulerConfig scheduler,
    JobsConfig jobs,
    ArtifactsConfig artifacts,
    ApiConfig api,
    MetricsConfig metrics,
    LoggingConfig logging) {

  public NodeConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(logging, "logging");
  }

  /** A config with the default logging section. */
  public NodeConfig(
      StoreConfig store,
      ClusterConfig cluster,
      SchedulerConfig scheduler,
      JobsConfig jobs,
      ArtifactsConfig artifacts,
      ApiConfig api,
      MetricsConfig metrics) {
    this(store, cluster, scheduler, jobs, artifacts, api, metrics, LoggingConfig.defaults());
  }

  /** A config with the default metrics and logging sections. */
  public NodeConfig(
      StoreConfig store,
      ClusterConfig cluster,
      SchedulerConfig scheduler,
      JobsConfig jobs,
      ArtifactsConfig artifacts,
      ApiConfig api) {
    this(store, cluster, scheduler, jobs, artifacts, api, MetricsConfig.defaults());
  }

  /** Every default: one node on H2 under ./data with the specs in config/jobs. */
  public static NodeConfig defaults() {
    return new NodeConfig(
        StoreConfig.defaults(),
        ClusterConfig.defaults(),
        SchedulerConfig.defaults(),
        JobsConfig.defaults(),
        ArtifactsConfig.defaults(),
        ApiConfig.defaults(),
        MetricsConfig.defaults(),
        LoggingConfig.defaults());
  }
}
