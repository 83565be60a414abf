package dev.cronstone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cronstone.config.ClusterConfig;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.config.SchedulerConfig;
import dev.cronstone.config.StoreConfig;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuartzPropertiesTest {
  private static NodeConfig config(String url, boolean clustered, Duration idleWait) {
    NodeConfig d = NodeConfig.defaults();
    return new NodeConfig(
        new StoreConfig(url, "u", "secret", 4),
        new ClusterConfig(clustered, "node-a", Duration.ofSeconds(2)),
        new SchedulerConfig(7, Duration.ofSeconds(30), 11, idleWait),
        d.jobs(),
        d.artifacts(),
        d.api());
  }

  @Test
  void a_clustered_postgresql_node_gets_the_settings_of_design_section_10() {
    Properties p =
        QuartzProperties.of(
            config("jdbc:postgresql://db/cronstone", true, Duration.ofMillis(1500)),
            "node-a",
            "ds");

    assertThat(p)
        .containsEntry("org.quartz.scheduler.instanceName", "cronstone")
        .containsEntry("org.quartz.scheduler.instanceId", "node-a")
        .containsEntry("org.quartz.scheduler.skipUpdateCheck", "true")
        .containsEntry("org.quartz.scheduler.idleWaitTime", "1500")
        .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "11")
        .containsEntry("org.quartz.threadPool.threadCount", "7")
        .containsEntry("org.quartz.jobStore.class", "dev.cronstone.store.CronstoneJobStore")
        .containsEntry("org.quartz.jobStore.failureGraceMillis", "2000")
        .containsEntry(
            "org.quartz.jobStore.driverDelegateClass",
            "dev.cronstone.store.CronstonePostgresDelegate")
        .containsEntry(
            "org.quartz.jobStore.driverDelegateInitString",
            "triggerPersistenceDelegateClasses=dev.cronstone.store.CronstoneTriggerPersistenceDelegate")
        .containsEntry("org.quartz.jobStore.isClustered", "true")
        .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "2000")
        .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true")
        .containsEntry("org.quartz.jobStore.useProperties", "true")
        .containsEntry("org.quartz.jobStore.misfireThreshold", "30000")
        .containsEntry("org.quartz.jobStore.dataSource", "ds")
        .containsKey("org.quartz.scheduler.classLoadHelper.class");
    assertThat(p.values()).noneMatch(v -> v.toString().contains("secret"));
  }

  @Test
  void h2_uses_the_standard_delegate_and_a_single_node_is_not_clustered() {
    Properties p =
        QuartzProperties.of(config("jdbc:h2:mem:x", false, Duration.ofSeconds(1)), "n", "ds");

    assertThat(p)
        .containsEntry(
            "org.quartz.jobStore.driverDelegateClass", "dev.cronstone.store.CronstoneH2Delegate")
        .containsEntry("org.quartz.jobStore.isClustered", "false");
  }

  @Test
  void an_idle_wait_under_a_second_is_refused_with_the_setting_named() {
    assertThatThrownBy(
            () ->
                QuartzProperties.of(
                    config("jdbc:h2:mem:x", false, Duration.ofMillis(500)), "n", "ds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduler.idleWait");
  }

  @Test
  void auto_resolves_to_hostname_and_pid_and_a_name_is_kept() {
    assertThat(NodeIds.resolve(new ClusterConfig(true, "AUTO", Duration.ofSeconds(2))))
        .endsWith("-" + ProcessHandle.current().pid());
    assertThat(NodeIds.resolve(new ClusterConfig(true, "node-b", Duration.ofSeconds(2))))
        .isEqualTo("node-b");
  }
}
