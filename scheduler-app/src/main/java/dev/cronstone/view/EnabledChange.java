package dev.cronstone.view;

/**
 * An enable or disable's answer (schema {@code EnabledChange}): the job's flag and version now, and
 * whether it changed (false: the spec already said so, no new version).
 */
public record EnabledChange(String jobId, boolean enabled, boolean changed, long version) {}
