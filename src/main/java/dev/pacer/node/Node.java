package dev.pacer.node;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.config.Configuration;
import dev.pacer.config.Configuration.ConfigProperty;
import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.db.SchemaMigrator;
import dev.pacer.fence.NodeLease;
import dev.pacer.fence.SelfFence;
import dev.pacer.http.WebServer;
import dev.pacer.run.ItemRunner;
import dev.pacer.run.RunRecording;
import dev.pacer.run.collector.Collectors;
import dev.pacer.sync.SyncService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Pacer node: starts its parts in order and stops them in reverse. */
@Singleton
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final int DEMO_ITEMS = 20;

  private final Configuration configuration;
  private final NodeConfig config;
  private final Database database;
  private final DatabaseWatch watch;
  private final SchemaMigrator schema;
  private final DemoData demoData;
  private final PacerScheduler scheduler;
  private final NodeLease lease;
  private final SelfFence fence;
  private final SyncService sync;
  private final ItemRunner runner;
  private final RunRecording recording;
  private final Collectors collectors;
  private final WebServer web;
  private final List<NodeService> services;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Inject
  public Node(
      Configuration configuration,
      NodeConfig config,
      Database database,
      DatabaseWatch watch,
      SchemaMigrator schema,
      DemoData demoData,
      PacerScheduler scheduler,
      NodeLease lease,
      SelfFence fence,
      SyncService sync,
      ItemRunner runner,
      RunRecording recording,
      Collectors collectors,
      WebServer web,
      Set<NodeService> services) {
    this.configuration = requireNonNull(configuration);
    this.config = requireNonNull(config);
    this.database = requireNonNull(database);
    this.watch = requireNonNull(watch);
    this.schema = requireNonNull(schema);
    this.demoData = requireNonNull(demoData);
    this.scheduler = requireNonNull(scheduler);
    this.lease = requireNonNull(lease);
    this.fence = requireNonNull(fence);
    this.sync = requireNonNull(sync);
    this.runner = requireNonNull(runner);
    this.recording = requireNonNull(recording);
    this.collectors = requireNonNull(collectors);
    this.web = requireNonNull(web);
    this.services = new ArrayList<>(services);
  }

  /**
   * Starts the node: waits for the database, applies the schema, joins the cluster and syncs.
   *
   * @return false if the node was stopped before it could start
   */
  public boolean start(boolean demo) throws Exception {
    logConfiguration();
    web.start();
    if (!database.awaitReachable(stopping::get)) {
      return false;
    }
    schema.apply();
    watch.start();
    if (demo) {
      demoData.loadIfEmpty(DEMO_ITEMS);
    }
    if (!lease.join(stopping::get)) {
      return false;
    }
    fence.start();
    scheduler.start();
    sync.start();
    for (NodeService service : services) {
      service.start();
    }
    log.info("Node {} is up, database {}", scheduler.nodeId(), database.displayUrl());
    return true;
  }

  private void logConfiguration() {
    StringBuilder text = new StringBuilder("Effective configuration:");
    for (ConfigProperty property : configuration.properties()) {
      text.append("\n  ").append(property.key()).append(" = ").append(property.value());
      if (!property.source().equals("default")) {
        text.append("   (").append(property.source()).append(')');
      }
    }
    log.info(text.toString());
  }

  /** Stops gracefully: no new runs, running ones get {@code shutdown.grace}, then leaves. */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    log.info("Stopping node {}", scheduler.nodeId());
    List<NodeService> reversed = new ArrayList<>(services);
    Collections.reverse(reversed);
    reversed.forEach(NodeService::stop);
    sync.close();
    scheduler.standby();
    runner.endRuns(config.getShutdownGrace());
    recording.close();
    scheduler.stop(config.getShutdownGrace());
    fence.close();
    leave();
    runner.close();
    collectors.close();
    watch.close();
    web.close();
    database.close();
    log.info("Node {} stopped", scheduler.nodeId());
    stopped.countDown();
  }

  private void leave() {
    try {
      lease.leave();
    } catch (SQLException e) {
      log.warn(
          "Could not record that {} leaves ({}); the others take its place once its lease lapses",
          scheduler.nodeId(),
          Database.reason(e));
    }
  }

  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public int httpPort() {
    return web.port();
  }
}
