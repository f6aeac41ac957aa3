package dev.sluice.sdk;

/** The four telemetry families, one per wire protocol. */
public enum Family {
    /** Tasks from incidents — Tailpoint. */
    TASKS,
    /** Product analytics — Pug (Connect/protobuf). */
    ANALYTICS,
    /** Errors, transactions and LLM generations — Open Sentry. */
    ERRORS,
    /** Background jobs — TraceStax. */
    JOBS
}
