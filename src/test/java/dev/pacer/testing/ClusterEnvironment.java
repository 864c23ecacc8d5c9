package dev.pacer.testing;

import java.util.Map;

/** The environment of a node process in the cluster tests: quick check-ins and sync. */
public final class ClusterEnvironment {
  private ClusterEnvironment() {}

  public static Map<String, String> of(TestingDatabase db, String collector) {
    return Map.of(
        "PACER_DB_URL",
        db.url(),
        "PACER_DB_USER",
        db.user(),
        "PACER_DB_PASSWORD",
        db.password(),
        "PACER_COLLECTOR_DEFAULT",
        collector,
        "PACER_SYNC_INTERVAL",
        "200ms",
        "PACER_CLUSTER_CHECKIN_INTERVAL",
        "1s");
  }
}
