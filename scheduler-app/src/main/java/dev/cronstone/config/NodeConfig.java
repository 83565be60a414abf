package dev.cronstone.config;

import java.util.Objects;

/** A node's whole configuration ({@code scheduler.yaml}, design section 8), sealed after load. */
public record NodeConfig(
    StoreConfig store,
    ClusterConfig cluster,
    SchedulerConfig scheduler,
    JobsConfig jobs,
    ArtifactsConfig artifacts,
    ApiConfig api,
    MetricsConfig metrics) {

  public NodeConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(artifacts, "artifacts");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** A config with the default metrics section. */
  public NodeConfig(
      StoreConfig store,
      ClusterConfig cluster,
      SchedulerConfig scheduler,
      JobsConfig jobs,
      ArtifactsConfig artifacts,
      ApiConfig api) {
    this(store, cluster, scheduler, jobs, artifacts, api, MetricsConfig.defaults());
  }

  /** Every default of section 8: one node on H2 under ./data with the specs in config/jobs. */
  public static NodeConfig defaults() {
    return new NodeConfig(
        StoreConfig.defaults(),
        ClusterConfig.defaults(),
        SchedulerConfig.defaults(),
        JobsConfig.defaults(),
        ArtifactsConfig.defaults(),
        ApiConfig.defaults(),
        MetricsConfig.defaults());
  }
}
