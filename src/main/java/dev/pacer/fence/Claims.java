package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.history.ItemNames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pacer_claim} table: before a collector starts, its run claims the item with a token no
 * other run has; the claim holds until the run is recorded (or its collector ends, if that is
 * later). An item is claimed only if it is free and this node's lease is valid in the database's
 * clock, so an item never runs twice at once, whatever Quartz's tables say. A claim whose holder's
 * lease lapsed is taken over (compare-and-set on its token), and the holder can then neither record
 * nor release anything of the item.
 */
@Singleton
public final class Claims {
  private static final Logger log = LoggerFactory.getLogger(Claims.class);
  private static final int CHUNK = 500;

  private final Database database;
  private final NodeLease lease;
  private final FireClaims fires;
  private final String now;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong takenOver = new AtomicLong();

  @Inject
  public Claims(Database database, NodeLease lease, FireClaims fires) {
    this.database = requireNonNull(database);
    this.lease = requireNonNull(lease);
    this.fires = requireNonNull(fires);
    this.now = database.dialect().nowMillis();
  }

  /**
   * A claim granted.
   *
   * @param takenOver the claim it replaced, whose holder's lease had lapsed, or null
   */
  public record Grant(Claim claim, Held takenOver) {}

  /**
   * What a claim statement gave: the claims granted, by item, and the items passed by because their
   * claim already names this slot and attempt or a later one (a slot runs once).
   */
  public record Claiming(Map<String, Grant> granted, Set<String> passed) {}

  /** A claim as the table holds it. */
  public record Held(
      String item, String owner, long epoch, long token, long slot, int attempt, long claimedAt) {
    public Instant slotInstant() {
      return Instant.ofEpochMilli(slot);
    }
  }

  /**
   * Claims items for one slot and attempt (an item's run, or a group's fire), all with one token.
   * Items held by a live run are refused (they are still running). Items held by a node whose lease
   * lapsed are refused too, unless {@code takeOver}: re-runs of lost attempts ({@link #lapsed})
   * take those over, so that a lost attempt is run again rather than passed over by the item's next
   * slot. A claim is never taken again for the slot and attempt it last named, nor, {@code
   * inOrder}, for an earlier one: each slot of an item runs once, whichever of its fires (its
   * group's, a one-shot) comes first. (Under {@code catch-up} passed-by slots run after later ones,
   * so those are claimed out of order.)
   */
  public Claiming claim(
      Collection<String> items, Instant slot, int attempt, boolean takeOver, boolean inOrder)
      throws SQLException {
    Map<String, Grant> granted = new HashMap<>();
    Set<String> passed = new HashSet<>();
    if (items.isEmpty() || !lease.mayRun()) {
      refused.addAndGet(items.size());
      return new Claiming(granted, passed);
    }
    long token = lease.newToken();
    Slot wanted = new Slot(slot.toEpochMilli(), attempt, inOrder);
    List<String> all = List.copyOf(new LinkedHashSet<>(items));
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        // Its groups' rows are locked before its items', a record's the other way round: if the
        // database undoes it to break a deadlock, it is taken again from the start.
        Database.retryingDeadlocks(
            () -> {
              granted.clear();
              passed.clear();
              try {
                claim(connection, all, token, wanted, takeOver, granted, passed);
                connection.commit();
                return null;
              } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
              }
            });
        takenOver.addAndGet(granted.values().stream().filter(g -> g.takenOver() != null).count());
      } finally {
        connection.setAutoCommit(true);
      }
    }
    refused.addAndGet(all.size() - granted.size());
    return new Claiming(granted, passed);
  }

  /**
   * {@link #claim} in one transaction: the rows of the items' groups are locked first, so that no
   * fire of theirs runs an item this takes, nor this an item such a fire holds or ran ({@link
   * FireClaims#hold}).
   */
  private void claim(
      Connection connection,
      List<String> items,
      long token,
      Slot wanted,
      boolean takeOver,
      Map<String, Grant> granted,
      Set<String> passed)
      throws SQLException {
    Map<String, FireClaims.Busy> busy =
        fires.hold(
            connection,
            items,
            Instant.ofEpochMilli(wanted.slot()),
            wanted.attempt(),
            wanted.inOrder());
    busy.forEach(
        (item, why) -> {
          if (why == FireClaims.Busy.PASSED) {
            passed.add(item);
          }
          log.debug(
              "{}: not run at {}: its group's fire {}",
              ItemNames.printable(item),
              Instant.ofEpochMilli(wanted.slot()),
              why == FireClaims.Busy.PASSED ? "made that attempt" : "still runs it");
        });
    List<String> all = items.stream().filter(item -> !busy.containsKey(item)).toList();
    Set<String> missed = new LinkedHashSet<>();
    for (List<String> chunk : chunks(all)) {
      if (take(connection, chunk, token, wanted) < chunk.size()) {
        missed.addAll(chunk);
      }
    }
    if (!missed.isEmpty()) {
      settle(connection, List.copyOf(missed), token, wanted, takeOver, granted, passed);
    }
    for (String item : all) {
      if (!missed.contains(item)) {
        granted.put(item, new Grant(claim(item, token), null));
      }
    }
  }

  /**
   * The items of a chunk the fast path did not grant: granted after all (counted as missed only
   * because a row was missing or another chunk's item), still running elsewhere, or taken over.
   */
  private void settle(
      Connection connection,
      List<String> missed,
      long token,
      Slot wanted,
      boolean takeOver,
      Map<String, Grant> granted,
      Set<String> passed)
      throws SQLException {
    Map<String, Held> held = read(connection, missed);
    // Items without a row yet (first run), or freed since the fast path: one more try.
    List<String> retry =
        missed.stream()
            .filter(item -> !held.containsKey(item) || held.get(item).token() == 0)
            .toList();
    if (!retry.isEmpty()) {
      insertFree(connection, retry.stream().filter(item -> !held.containsKey(item)).toList());
      for (List<String> chunk : chunks(retry)) {
        take(connection, chunk, token, wanted);
      }
      held.putAll(read(connection, retry));
    }
    Map<String, Lease> leases = leases(connection);
    long dbNow = leases.isEmpty() ? 0 : leases.values().iterator().next().now();
    for (String item : missed) {
      Held current = held.get(item);
      if (current == null) {
        continue;
      }
      if (current.owner() != null
          && current.owner().equals(lease.node())
          && current.epoch() == lease.epoch()
          && current.token() == token) {
        granted.put(item, new Grant(claim(item, token), null));
      } else if (current.token() == 0) {
        if (!wanted.after(current.slot(), current.attempt())) {
          passed.add(item); // this slot (or, in order, a later one) has had its run
        }
        // else free, yet not taken: this node's own lease is not valid in the database
      } else if (live(current, leases, dbNow)) {
        log.debug(
            "{}: not run at {}: its run of {} (attempt {}) is in flight on {}",
            ItemNames.printable(item),
            Instant.ofEpochMilli(wanted.slot()),
            current.slotInstant(),
            current.attempt(),
            current.owner());
      } else if (takeOver && (current.owner().equals(lease.node()) || lease.mayTakeOver())) {
        if (takeOver(connection, current, token, wanted)) {
          granted.put(item, new Grant(claim(item, token), current));
        }
      }
    }
  }

  private Claim claim(String item, long token) {
    return new Claim(item, lease.node(), lease.epoch(), token);
  }

  /** Whether the claim's holder is the live incarnation that took it. */
  private static boolean live(Held claim, Map<String, Lease> leases, long dbNow) {
    Lease holder = leases.get(claim.owner());
    return holder != null && holder.epoch() == claim.epoch() && holder.until() > dbNow;
  }

  /**
   * A slot and attempt to claim.
   *
   * @param inOrder whether earlier slots than the one last claimed are passed by too
   */
  private record Slot(long slot, int attempt, boolean inOrder) {
    /** Whether this comes after the slot and attempt a claim last named, as the claim requires. */
    boolean after(long lastSlot, int lastAttempt) {
      return inOrder
          ? lastSlot < slot || (lastSlot == slot && lastAttempt < attempt)
          : lastSlot != slot || lastAttempt < attempt;
    }

    /** {@link #after} in SQL, for {@link #bind}. */
    String condition() {
      return inOrder
          ? "(slot IS NULL OR slot < ? OR (slot = ? AND attempt < ?))"
          : "(slot IS NULL OR slot <> ? OR attempt < ?)";
    }

    int bind(PreparedStatement statement, int p) throws SQLException {
      statement.setLong(p++, slot);
      if (inOrder) {
        statement.setLong(p++, slot);
      }
      statement.setInt(p++, attempt);
      return p;
    }
  }

  /**
   * The fast path: free items of the chunk taken in one statement while this lease is valid, those
   * whose claim last named an earlier slot.
   */
  private int take(Connection connection, List<String> items, long token, Slot wanted)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_claim SET owner = ?, owner_epoch = ?, token = ?, slot = ?, attempt = ?,"
                + " claimed_at = "
                + now
                + " WHERE item IN ("
                + marks(items.size())
                + ") AND token IS NULL AND "
                + wanted.condition()
                + " AND "
                + ownLeaseValid())) {
      int p = 1;
      update.setString(p++, lease.node());
      update.setLong(p++, lease.epoch());
      update.setLong(p++, token);
      update.setLong(p++, wanted.slot());
      update.setInt(p++, wanted.attempt());
      for (String item : items) {
        update.setString(p++, item);
      }
      p = wanted.bind(update, p);
      update.setString(p++, lease.node());
      update.setLong(p, lease.epoch());
      return update.executeUpdate();
    }
  }

  private boolean takeOver(Connection connection, Held old, long token, Slot wanted)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_claim SET owner = ?, owner_epoch = ?, token = ?, slot = ?, attempt = ?,"
                + " claimed_at = "
                + now
                + " WHERE item = ? AND owner = ? AND owner_epoch = ? AND token = ? AND "
                + ownLeaseValid())) {
      update.setString(1, lease.node());
      update.setLong(2, lease.epoch());
      update.setLong(3, token);
      update.setLong(4, wanted.slot());
      // A re-run of the lost attempt is the slot's next attempt (RunClaims numbers it so): the
      // row says so too, so that a node taking this claim over in turn runs the one after.
      update.setInt(
          5,
          old.slot() == wanted.slot() && old.attempt() >= wanted.attempt()
              ? old.attempt() + 1
              : wanted.attempt());
      update.setString(6, old.item());
      update.setString(7, old.owner());
      update.setLong(8, old.epoch());
      update.setLong(9, old.token());
      update.setString(10, lease.node());
      update.setLong(11, lease.epoch());
      boolean taken = update.executeUpdate() == 1;
      if (taken) {
        log.info(
            "{}: took over the claim of {} (incarnation {}), whose lease lapsed during its run of"
                + " {} (attempt {})",
            ItemNames.printable(old.item()),
            old.owner(),
            old.epoch(),
            old.slotInstant(),
            old.attempt());
      }
      return taken;
    }
  }

  /** The condition, in the database's clock, that this incarnation's lease is valid. */
  private String ownLeaseValid() {
    return "EXISTS (SELECT 1 FROM pacer_member m WHERE m.instance = ? AND m.epoch = ? AND"
        + " m.lease_until > "
        + now
        + ")";
  }

  private void insertFree(Connection connection, List<String> items) throws SQLException {
    insertFree(database, connection, items);
  }

  /**
   * Creates, on the caller's connection, the free claim rows these items do not have yet, having
   * read which those are (so that no existing row, which a run may be recording, is locked).
   */
  static void insertMissing(Database database, Connection connection, List<String> items)
      throws SQLException {
    Set<String> present = read(connection, items).keySet();
    insertFree(
        database, connection, items.stream().filter(item -> !present.contains(item)).toList());
  }

  /** Creates, on the caller's connection, the free claim rows these items do not have yet. */
  static void insertFree(Database database, Connection connection, List<String> items)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(database.dialect().insertKeyIfAbsent("pacer_claim", "item"))) {
      for (String item : items) {
        insert.setString(1, item);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Creates the (free) claim rows of new items, so their first runs take the fast path. */
  public void prepare(Collection<String> items) throws SQLException {
    try (Connection connection = database.connection()) {
      insertFree(connection, List.copyOf(items));
    }
  }

  private static Map<String, Held> read(Connection connection, List<String> items)
      throws SQLException {
    Map<String, Held> held = new HashMap<>();
    for (List<String> chunk : chunks(items)) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT item, owner, owner_epoch, token, slot, attempt, claimed_at FROM pacer_claim"
                  + " WHERE item IN ("
                  + marks(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String item = rows.getString(1);
            if (chunk.contains(item)) { // the exact name, whatever the collation
              held.put(
                  item,
                  new Held(
                      item,
                      rows.getString(2),
                      rows.getLong(3),
                      rows.getLong(4),
                      rows.getLong(5),
                      rows.getInt(6),
                      rows.getLong(7)));
            }
          }
        }
      }
    }
    return held;
  }

  private record Lease(long epoch, long until, long now) {}

  private Map<String, Lease> leases(Connection connection) throws SQLException {
    Map<String, Lease> leases = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT instance, epoch, lease_until, " + now + " FROM pacer_member");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        leases.put(rows.getString(1), new Lease(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
      }
    }
    return leases;
  }

  /**
   * Inside the caller's transaction: locks the rows of these claims and returns those that still
   * hold them, so what the caller writes next is written only for those.
   */
  public Set<Claim> stillHeld(Connection connection, Collection<Claim> claims) throws SQLException {
    Set<Claim> held = new HashSet<>();
    for (List<Claim> sameToken : byToken(claims)) {
      for (List<Claim> chunk : chunks(sameToken)) {
        Map<String, Claim> byItem =
            chunk.stream().collect(Collectors.toMap(Claim::item, c -> c, (a, b) -> a));
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT item FROM pacer_claim WHERE owner = ? AND owner_epoch = ? AND token = ?"
                    + " AND item IN ("
                    + marks(chunk.size())
                    + ") FOR UPDATE")) {
          Claim first = chunk.get(0);
          select.setString(1, first.owner());
          select.setLong(2, first.epoch());
          select.setLong(3, first.token());
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 4, chunk.get(i).item());
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              Claim claim = byItem.get(rows.getString(1));
              if (claim != null) {
                held.add(claim);
              }
            }
          }
        }
      }
    }
    return held;
  }

  /**
   * Inside the caller's transaction: frees the items of claims this node still holds.
   *
   * @return how many it freed: fewer than given if some were taken over
   */
  public int free(Connection connection, Collection<Claim> claims) throws SQLException {
    int freed = 0;
    for (List<Claim> sameToken : byToken(claims)) {
      for (List<Claim> chunk : chunks(sameToken)) {
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pacer_claim SET token = NULL WHERE owner = ? AND owner_epoch = ?"
                    + " AND token = ? AND item IN ("
                    + marks(chunk.size())
                    + ")")) {
          Claim first = chunk.get(0);
          update.setString(1, first.owner());
          update.setLong(2, first.epoch());
          update.setLong(3, first.token());
          for (int i = 0; i < chunk.size(); i++) {
            update.setString(i + 4, chunk.get(i).item());
          }
          freed += update.executeUpdate();
        }
      }
    }
    return freed;
  }

  /** Frees claims on a connection of its own: runs that were not run, or ended late. */
  public void release(Collection<Claim> claims) throws SQLException {
    if (claims.isEmpty()) {
      return;
    }
    try (Connection connection = database.connection()) {
      free(connection, claims);
    }
  }

  /** Deletes the claim rows of items that are gone, unless a run still holds them. */
  public void forget(Collection<String> items) throws SQLException {
    try (Connection connection = database.connection()) {
      for (List<String> chunk : chunks(List.copyOf(items))) {
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM pacer_claim WHERE token IS NULL AND item IN ("
                    + marks(chunk.size())
                    + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            delete.setString(i + 1, chunk.get(i));
          }
          delete.executeUpdate();
        }
      }
    }
  }

  /** An incarnation of a node, as {@code pacer_member} holds it, and whether its lease is valid. */
  public record Incarnation(String node, long epoch, boolean live) {}

  /**
   * Every incarnation {@code pacer_member} holds now. Claims lapse only when this changes: a lease
   * lapses, or a node rejoins as a new incarnation (a claim is taken only under a valid lease).
   */
  public Set<Incarnation> incarnations() throws SQLException {
    try (Connection connection = database.connection()) {
      Set<Incarnation> incarnations = new HashSet<>();
      leases(connection)
          .forEach(
              (node, held) ->
                  incarnations.add(new Incarnation(node, held.epoch(), held.until() > held.now())));
      return incarnations;
    }
  }

  /**
   * Claims held by incarnations whose lease lapsed (they died, or fenced themselves): the attempts
   * they had in flight, to run again. Those of this node's earlier incarnations only, unless {@code
   * anyNode}: this incarnation joined once nothing of those still ran, so it needs no wait before
   * taking their claims over, while another node's may still be recorded by their node. Empty
   * unless this node may run ({@code anyNode}: take claims over). A scan of the table: look when
   * {@link #incarnations} changed.
   */
  public List<Held> lapsed(int limit, boolean anyNode) throws SQLException {
    if (anyNode ? !lease.mayTakeOver() : !lease.mayRun()) {
      return List.of();
    }
    List<Held> lapsed = new ArrayList<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT c.item, c.owner, c.owner_epoch, c.token, c.slot, c.attempt, c.claimed_at"
                    + " FROM pacer_claim c LEFT JOIN pacer_member m ON m.instance = c.owner"
                    + " WHERE c.token IS NOT NULL AND (m.instance IS NULL"
                    + " OR m.epoch <> c.owner_epoch OR m.lease_until <= "
                    + now
                    + ")"
                    + (anyNode ? "" : " AND c.owner = ?")
                    + " LIMIT "
                    + limit)) {
      if (!anyNode) {
        select.setString(1, lease.node());
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lapsed.add(
              new Held(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  rows.getInt(6),
                  rows.getLong(7)));
        }
      }
    }
    return lapsed;
  }

  /** Deletes a lapsed claim of an item that is gone (it has no group to run it again). */
  public void drop(Held lapsed) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM pacer_claim WHERE item = ? AND owner = ? AND owner_epoch = ?"
                    + " AND token = ?")) {
      delete.setString(1, lapsed.item());
      delete.setString(2, lapsed.owner());
      delete.setLong(3, lapsed.epoch());
      delete.setLong(4, lapsed.token());
      delete.executeUpdate();
    }
  }

  /** Claims this node refused because the item was running or this node could not run. */
  public long refused() {
    return refused.get() + fires.refused();
  }

  /** Claims this node took over from nodes whose lease lapsed. */
  public long takenOver() {
    return takenOver.get();
  }

  private record TokenKey(String owner, long epoch, long token) {}

  /** Claims by token: one statement covers the claims of one token. */
  private static Collection<List<Claim>> byToken(Collection<Claim> claims) {
    Map<TokenKey, List<Claim>> groups = new HashMap<>();
    for (Claim claim : claims) {
      groups
          .computeIfAbsent(
              new TokenKey(claim.owner(), claim.epoch(), claim.token()), key -> new ArrayList<>())
          .add(claim);
    }
    return groups.values();
  }

  /** Lists of at most {@value #CHUNK}: one statement's IN list each. */
  static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return chunks;
  }

  /** {@code count} parameter marks, comma-separated. */
  static String marks(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
