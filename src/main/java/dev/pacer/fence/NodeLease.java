package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's lease: its row of {@code pacer_member}, renewed in the database's clock. Each time
 * the node joins the cluster it is a new incarnation (its {@code epoch}); its claims and records
 * are valid only while the incarnation's lease is. Other nodes take over the claims of an
 * incarnation whose lease lapsed; this node stops running long before that ({@link SelfFence}).
 * Every statement here goes through the lease's own connections ({@link Database#leaseConnection}),
 * so a busy pool never delays a renewal.
 */
@Singleton
public final class NodeLease {
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

  private final Database database;
  private final ClockSkew skew;
  private final String node;
  private final Duration timeout;
  private final Duration renewal;
  private final Duration fenceAfter;
  private final Duration maxSkew;
  private final String now;

  private volatile long epoch;
  private final AtomicLong tokens = new AtomicLong();
  private volatile long renewedNanos;
  private volatile long joinedNanos;
  private volatile boolean active;

  @Inject
  public NodeLease(Database database, ClockSkew skew, ClusterConfig config) {
    this.database = requireNonNull(database);
    this.skew = requireNonNull(skew);
    this.node = config.resolvedNodeId();
    this.timeout = config.getLeaseTimeout();
    this.renewal = config.leaseRenewal();
    this.fenceAfter = config.selfFenceAfter();
    this.maxSkew = config.getMaxClockSkew();
    this.now = database.dialect().nowMillis();
  }

  public String node() {
    return node;
  }

  /** This incarnation's epoch, 0 before it joined. */
  /**
   * A token no other claim of this incarnation has (claims are told apart by node, epoch, token).
   */
  public long newToken() {
    return tokens.incrementAndGet();
  }

  public long epoch() {
    return epoch;
  }

  public Duration renewal() {
    return renewal;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Starts a new incarnation: waits until no other process holds a live lease for this node id (the
   * previous run of this node, killed a moment ago, or a second node started with the same id),
   * then takes it. This node's own previous incarnation gives way at once.
   *
   * @return false if {@code stopped} turned true first
   */
  public boolean join(BooleanSupplier stopped) throws SQLException, InterruptedException {
    boolean waiting = false;
    while (!stopped.getAsBoolean()) {
      if (tryJoin()) {
        return true;
      }
      if (!waiting) {
        log.warn(
            "Node id {} is held by another live process until its lease lapses (at most {} s);"
                + " waiting. Is a second node running with node.id {}?",
            node,
            timeout.toSeconds(),
            node);
        waiting = true;
      }
      Thread.sleep(renewal.toMillis());
    }
    return false;
  }

  /** One attempt at {@link #join}: false if another live process holds the node id. */
  public boolean tryJoin() throws SQLException {
    long sent = System.nanoTime();
    try (Connection connection = database.leaseConnection()) {
      if (!register(connection)) {
        return false;
      }
    }
    renewedNanos = sent;
    joinedNanos = sent;
    active = true;
    log.info("Node {} joined as incarnation {}", node, epoch);
    return true;
  }

  private boolean register(Connection connection) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_member SET epoch = epoch + 1, since = "
                + now
                + ", lease_until = "
                + now
                + " + ?, last_checkin = "
                + now
                + ", checkin_interval = ?, joined_at = ?, claims = "
                + FireClaims.PROTOCOL
                + " WHERE instance = ? AND (lease_until < "
                + now
                + " OR epoch = ?)")) {
      update.setLong(1, timeout.toMillis());
      update.setLong(2, renewal.toMillis());
      Timestamps.set(update, 3, Instant.now());
      update.setString(4, node);
      update.setLong(5, epoch);
      if (update.executeUpdate() == 0) {
        if (exists(connection)) {
          return false;
        }
        long first = firstEpoch(connection);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval,"
                    + " epoch, lease_until, since, claims) VALUES (?, ?, "
                    + now
                    + ", ?, "
                    + first
                    + ", "
                    + now
                    + " + ?, "
                    + now
                    + ", "
                    + FireClaims.PROTOCOL
                    + ")")) {
          insert.setString(1, node);
          Timestamps.set(insert, 2, Instant.now());
          insert.setLong(3, renewal.toMillis());
          insert.setLong(4, timeout.toMillis());
          insert.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException e) {
          return false; // another process registered the id just now
        }
      }
    }
    try (PreparedStatement select =
        connection.prepareStatement("SELECT epoch FROM pacer_member WHERE instance = ?")) {
      select.setString(1, node);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        epoch = rows.getLong(1);
      }
    }
    return true;
  }

  private boolean exists(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM pacer_member WHERE instance = ?")) {
      select.setString(1, node);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * Extends the lease by {@code cluster.lease-timeout} from the database's now, and measures this
   * node's clock against the database's.
   *
   * @return false if the lease is no longer this incarnation's (another process took the node id)
   */
  public boolean renew() throws SQLException {
    long sent = System.nanoTime();
    try (Connection connection = database.leaseConnection()) {
      int renewed;
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE pacer_member SET lease_until = "
                  + now
                  + " + ?, last_checkin = "
                  + now
                  + " WHERE instance = ? AND epoch = ?")) {
        update.setLong(1, timeout.toMillis());
        update.setString(2, node);
        update.setLong(3, epoch);
        renewed = update.executeUpdate();
      }
      if (renewed == 1) {
        renewedNanos = sent;
      }
      measure(connection);
      return renewed == 1;
    }
  }

  /** Asks the database for its time, to measure the skew, without touching the lease. */
  public void probe() throws SQLException {
    try (Connection connection = database.leaseConnection()) {
      measure(connection);
    }
  }

  private void measure(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + now)) {
      long before = System.nanoTime();
      try (ResultSet rows = select.executeQuery()) {
        long after = System.nanoTime();
        rows.next();
        skew.sample(before, rows.getLong(1), after);
      }
    }
  }

  /**
   * The incarnation of a node id the table does not hold (new, or it left the cluster): after any
   * that still holds a claim or a fire, so that it never takes an earlier incarnation's for its
   * own.
   */
  private long firstEpoch(Connection connection) throws SQLException {
    long latest = 0;
    for (String table : List.of("pacer_claim", "pacer_fire")) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT MAX(owner_epoch) FROM " + table + " WHERE owner = ?")) {
        select.setString(1, node);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            latest = Math.max(latest, rows.getLong(1));
          }
        }
      }
    }
    return latest + 1;
  }

  /** Ends the lease now, so the others take this node's claims over at once. */
  public void release() throws SQLException {
    try (Connection connection = database.leaseConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pacer_member SET lease_until = 0 WHERE instance = ? AND epoch = ?")) {
      update.setString(1, node);
      update.setLong(2, epoch);
      update.executeUpdate();
    }
  }

  /** Leaves the cluster for good: a node that stopped gracefully is not missed. */
  public void leave() throws SQLException {
    active = false;
    if (epoch == 0) {
      return; // never joined
    }
    try (Connection connection = database.leaseConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM pacer_member WHERE instance = ? AND epoch = ?")) {
      delete.setString(1, node);
      delete.setLong(2, epoch);
      delete.executeUpdate();
    }
  }

  /** How long since the last renewal that succeeded was sent. */
  public Duration sinceRenewal() {
    return Duration.ofNanos(System.nanoTime() - renewedNanos);
  }

  /**
   * When this incarnation joined, in epoch milliseconds of this node's clock as it reads now
   * ({@link Long#MAX_VALUE} before the first join).
   */
  public long joinedAtMillis() {
    return epoch == 0
        ? Long.MAX_VALUE
        : System.currentTimeMillis() - (System.nanoTime() - joinedNanos) / 1_000_000;
  }

  /** Whether this node is a member in good standing: joined, not fenced. */
  public boolean active() {
    return active;
  }

  void deactivate() {
    active = false;
  }

  /**
   * Whether this node may start a run now: active, its lease surely valid for a while yet (a run
   * starting just before the self-fence would be abandoned at once), and its clock right (a wall
   * clock that just jumped shows here before the next renewal notices).
   */
  public boolean mayRun() {
    return active
        && sinceRenewal().compareTo(fenceAfter.minus(renewal)) < 0
        && !skew.exceeds(maxSkew);
  }

  /**
   * Whether this node may take over claims of other nodes whose leases lapsed: only once it has
   * itself been a member for a whole lease timeout. After the database was away for everyone, the
   * nodes that ran the claimed runs come back within that time and record what they finished.
   */
  public boolean mayTakeOver() {
    return mayRun() && System.nanoTime() - joinedNanos >= timeout.toNanos();
  }
}
