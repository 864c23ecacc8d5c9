package dev.pacer.fence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.db.Database;
import dev.pacer.run.RunLog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pacer_fire} table: a group's fire claims all its members with one row, the group's
 * latest fire (its slot, the incarnation and token that took it, the members it started and how
 * many of those are not yet recorded), so that a run of a group costs no write per member before it
 * starts or after it ends. A member is held by its group's fire until it is recorded. What must
 * outlive the fire is carried into the member's own {@code pacer_claim} row ({@link Claims}), under
 * the fire's owner and token, so that its node still records it there: the members still running
 * when their group fires again, a collector that outlasts its record, the members of a fire whose
 * node lost its lease, and a fire's members when one of them moves to another group or goes.
 *
 * <p>A fire reads its members, their own claims and its row without a lock, and takes the row only
 * if nothing changed meanwhile: a claim of one item, and a member that leaves, bump the row's
 * version under its lock first ({@link #hold}, {@link #release}). A fire takes its row only while
 * this node's lease is valid in the database's clock, and only for a slot after the row's, so a
 * slot of a group fires once.
 */
@Singleton
public final class FireClaims {
  /** The claims protocol of this version ({@code pacer_member.claims}): a claim per fire. */
  public static final int PROTOCOL = 2;

  private static final Logger log = LoggerFactory.getLogger(FireClaims.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> ITEMS = new TypeReference<>() {};

  private final Database database;
  private final NodeLease lease;
  private final String now;
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean olderNodes;
  private volatile long olderNodesReadAt = System.nanoTime() - Long.MAX_VALUE / 2;

  @Inject
  public FireClaims(Database database, NodeLease lease) {
    this.database = requireNonNull(database);
    this.lease = requireNonNull(lease);
    this.now = database.dialect().nowMillis();
  }

  /** The members a fire runs, read from the rows of {@code pacer_group} (alias {@code g}). */
  public interface Due {
    /** The columns of a member's row the caller reads, each as {@code g.column}. */
    String columns();

    /**
     * The member's item if the fire is to run it, else null, from a row led by {@link #columns}.
     */
    String item(ResultSet row) throws SQLException;
  }

  /**
   * What a group's fire claimed: its claims by item, and the items it passed by because this slot
   * of their group has fired already.
   */
  public record Fired(Map<String, Claim> granted, Set<String> passed) {
    static final Fired NONE = new Fired(Map.of(), Set.of());
  }

  /** A group's row: its latest fire, or a fire no longer holding anything (token null). */
  private record Fire(
      String group,
      long slot,
      String owner,
      long epoch,
      Long token,
      long firedAt,
      int pending,
      List<String> members,
      long version) {
    boolean open() {
      return token != null && pending > 0;
    }
  }

  /**
   * Whether a node of an older Pacer, which claims each item on its own and knows nothing of fires,
   * holds a valid lease: while one does, every fire claims its items one by one too. Read at most
   * once a lease renewal (a node joins no faster).
   */
  public boolean perItemOnly() throws SQLException {
    long now = System.nanoTime();
    if (now - olderNodesReadAt < lease.renewal().toNanos()) {
      return olderNodes;
    }
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM pacer_member WHERE claims < ? AND lease_until > "
                    + this.now)) {
      select.setInt(1, PROTOCOL);
      try (ResultSet rows = select.executeQuery()) {
        olderNodes = rows.next() && rows.getLong(1) > 0;
        olderNodesReadAt = now;
        return olderNodes;
      }
    }
  }

  /**
   * Claims a group's fire at a slot for the members that no claim of their own holds: one read of
   * the members, their claims and the group's row, then one conditional {@code UPDATE} of the row
   * that succeeds only if nothing changed meanwhile (its version, bumped by every claim of one of
   * its members and by every member that leaves, and its slot) and the previous fire holds nothing
   * more. Otherwise (the group's first fire, a previous fire with members still running, a race)
   * the same under the row's lock, carrying what the previous fire still runs into claims of its
   * own. Nothing is claimed if this node's lease is not valid, and every due item is passed by if
   * the group has fired at this slot or a later one.
   */
  public Fired fire(String group, Instant slot, Due due) throws SQLException {
    if (!lease.mayRun()) {
      return Fired.NONE;
    }
    long at = slot.toEpochMilli();
    try (Connection connection = database.connection()) {
      View view = view(connection, group, due);
      if (view.fire() != null && view.fire().slot() >= at) {
        return passed(group, at, view);
      }
      if (view.fire() != null && !view.fire().open()) {
        long token = lease.newToken();
        if (swap(connection, group, at, token, view)) {
          return granted(group, token, view.run(Set.of()));
        }
      }
      try {
        return locked(connection, group, at, due);
      } catch (SQLIntegrityConstraintViolationException firstFires) {
        // The group's first fire, at once on two nodes: the row is there now.
        return locked(connection, group, at, due);
      }
    }
  }

  /**
   * The items due for a group's fire, read as a fire reads them; for a fire that claims its items
   * one by one.
   */
  public List<String> due(String group, Due due) throws SQLException {
    try (Connection connection = database.connection()) {
      return view(connection, group, due).items();
    }
  }

  /**
   * What a fire reads: the items due, those of them a claim of their own holds, the group's row.
   */
  private record View(List<String> items, Set<String> held, Fire fire) {
    List<String> run(Set<String> carried) {
      return items.stream()
          .filter(item -> !held.contains(item) && !carried.contains(item))
          .toList();
    }
  }

  private static View view(Connection connection, String group, Due due) throws SQLException {
    Set<String> items = new LinkedHashSet<>(); // every join is by primary key: no item twice
    Set<String> held = new HashSet<>();
    Fire fire = null;
    int columns = due.columns().split(",").length;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + due.columns()
                + ", c.item, f.slot, f.token, f.pending, f.version FROM pacer_group g"
                + " LEFT JOIN pacer_claim c ON c.item = g.item AND c.token IS NOT NULL"
                + " LEFT JOIN pacer_fire f ON f.group_name = g.group_name"
                + " WHERE g.group_name = ? AND g.paused = ?")) {
      select.setString(1, group);
      select.setBoolean(2, false);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String item = due.item(rows);
          if (item == null || !items.add(item)) {
            continue;
          }
          if (rows.getString(columns + 1) != null) {
            held.add(item);
          }
          long slot = rows.getLong(columns + 2);
          if (fire == null && !rows.wasNull()) {
            long token = rows.getLong(columns + 3);
            Long holding = rows.wasNull() ? null : token;
            fire =
                new Fire(
                    group,
                    slot,
                    null,
                    0,
                    holding,
                    0,
                    rows.getInt(columns + 4),
                    List.of(),
                    rows.getLong(columns + 5));
          }
        }
      }
    }
    return new View(List.copyOf(items), held, fire);
  }

  private Fired passed(String group, long slot, View view) {
    log.debug("Group {}: its {} slot has fired", group, Instant.ofEpochMilli(slot));
    return new Fired(Map.of(), Set.copyOf(view.items()));
  }

  private Fired granted(String group, long token, List<String> run) {
    Map<String, Claim> granted = new LinkedHashMap<>();
    for (String item : run) {
      granted.put(item, new Claim(item, lease.node(), lease.epoch(), token, group));
    }
    return new Fired(granted, Set.of());
  }

  /** The quick fire: the group's row, if nothing changed since the view was read. */
  private boolean swap(Connection connection, String group, long slot, long token, View view)
      throws SQLException {
    List<String> run = view.run(Set.of());
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_fire SET slot = ?, owner = ?, owner_epoch = ?, token = ?, fired_at = "
                + now
                + ", pending = ?, members = ? WHERE group_name = ? AND slot = ? AND version = ?"
                + " AND (token IS NULL OR pending <= 0) AND "
                + leaseValid())) {
      update.setLong(1, slot);
      update.setString(2, lease.node());
      update.setLong(3, lease.epoch());
      update.setLong(4, token);
      update.setInt(5, run.size());
      update.setString(6, encode(run));
      update.setString(7, group);
      update.setLong(8, view.fire().slot());
      update.setLong(9, view.fire().version());
      update.setString(10, lease.node());
      update.setLong(11, lease.epoch());
      if (update.executeUpdate() == 1) {
        refused.addAndGet(view.held().size());
        return true;
      }
      return false;
    }
  }

  /**
   * The fire under its group's row lock; taken again if the database undid it to break a deadlock
   * (the group's row is locked before its members' claims, a record's the other way round).
   */
  private Fired locked(Connection connection, String group, long slot, Due due)
      throws SQLException {
    return Database.retryingDeadlocks(() -> lockedOnce(connection, group, slot, due));
  }

  private Fired lockedOnce(Connection connection, String group, long slot, Due due)
      throws SQLException {
    long token = lease.newToken();
    connection.setAutoCommit(false);
    try {
      Fire previous = lock(connection, group);
      View view = view(connection, group, due);
      if (previous != null && previous.slot() >= slot) {
        connection.rollback();
        return passed(group, slot, view);
      }
      Set<String> carried =
          previous != null && previous.open() ? carry(connection, previous) : Set.of();
      List<String> run = view.run(carried);
      if (!write(connection, previous != null, group, slot, token, run)) {
        connection.rollback();
        refused.addAndGet(view.items().size());
        return Fired.NONE; // this node's lease is not valid in the database's clock
      }
      connection.commit();
      refused.addAndGet(view.items().size() - run.size());
      return granted(group, token, run);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** The condition, in the database's clock, that this incarnation's lease is valid. */
  private String leaseValid() {
    return "EXISTS (SELECT 1 FROM pacer_member m WHERE m.instance = ? AND m.epoch = ? AND"
        + " m.lease_until > "
        + now
        + ")";
  }

  /** Locks the group's row, inside the caller's transaction: null if the group has none yet. */
  private static Fire lock(Connection connection, String group) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT slot, owner, owner_epoch, token, fired_at, pending,"
                + " CASE WHEN pending > 0 AND token IS NOT NULL THEN members END, version"
                + " FROM pacer_fire WHERE group_name = ? FOR UPDATE")) {
      select.setString(1, group);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? fire(group, rows) : null;
      }
    }
  }

  private static Fire fire(String group, ResultSet rows) throws SQLException {
    long token = rows.getLong(4);
    Long held = rows.wasNull() ? null : token;
    String members = rows.getString(7);
    return new Fire(
        group,
        rows.getLong(1),
        rows.getString(2),
        rows.getLong(3),
        held,
        rows.getLong(5),
        rows.getInt(6),
        members == null ? List.of() : decode(members),
        rows.getLong(8));
  }

  /** Writes the group's fire, if this node's lease is valid: false if it is not. */
  private boolean write(
      Connection connection,
      boolean exists,
      String group,
      long slot,
      long token,
      List<String> items)
      throws SQLException {
    String sql =
        exists
            ? "UPDATE pacer_fire SET slot = ?, owner = ?, owner_epoch = ?, token = ?, fired_at = "
                + now
                + ", pending = ?, members = ? WHERE group_name = ? AND "
                + leaseValid()
            : "INSERT INTO pacer_fire (slot, owner, owner_epoch, token, fired_at, pending,"
                + " members, group_name) SELECT ?, ?, ?, ?, "
                + now
                + ", ?, ?, ? FROM pacer_member m WHERE m.instance = ? AND m.epoch = ? AND"
                + " m.lease_until > "
                + now;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, slot);
      statement.setString(2, lease.node());
      statement.setLong(3, lease.epoch());
      statement.setLong(4, token);
      statement.setInt(5, items.size());
      statement.setString(6, encode(items));
      statement.setString(7, group);
      statement.setString(8, lease.node());
      statement.setLong(9, lease.epoch());
      return statement.executeUpdate() == 1;
    }
  }

  /**
   * Inside the caller's transaction, the fire's row locked: the fire's members that are not yet
   * recorded become claims of their own, under the fire's owner and token (its node records them
   * there, or another takes them over once its lease lapses), and the fire holds nothing more.
   */
  private Set<String> carry(Connection connection, Fire fire) throws SQLException {
    Map<String, RunLog.Last> recorded = RunLog.latest(connection, fire.members());
    List<String> running =
        fire.members().stream()
            .filter(
                item -> {
                  RunLog.Last last = recorded.get(item);
                  return last == null || last.slot().toEpochMilli() < fire.slot();
                })
            .toList();
    if (!running.isEmpty()) {
      Claims.insertMissing(database, connection, running);
      for (List<String> chunk : Claims.chunks(running)) {
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pacer_claim SET owner = ?, owner_epoch = ?, token = ?, slot = ?,"
                    + " attempt = 1, claimed_at = ? WHERE token IS NULL AND item IN ("
                    + Claims.marks(chunk.size())
                    + ")")) {
          update.setString(1, fire.owner());
          update.setLong(2, fire.epoch());
          update.setLong(3, fire.token());
          update.setLong(4, fire.slot());
          update.setLong(5, fire.firedAt());
          for (int i = 0; i < chunk.size(); i++) {
            update.setString(i + 6, chunk.get(i));
          }
          update.executeUpdate();
        }
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_fire SET token = NULL, pending = 0, members = NULL"
                + " WHERE group_name = ?")) {
      update.setString(1, fire.group());
      update.executeUpdate();
    }
    return Set.copyOf(running);
  }

  /**
   * Inside the caller's transaction: the group's fire (if it still holds members) carries them into
   * their own claims, before a member moves to another group or goes, so that its new group does
   * not run it while it still runs here.
   */
  public void release(Connection connection, Collection<String> groups) throws SQLException {
    if (groups.isEmpty()) {
      return;
    }
    lockGroups(connection, groups);
    for (String group : new TreeSet<>(groups)) {
      Fire fire = lock(connection, group);
      if (fire != null && fire.open()) {
        carry(connection, fire);
      }
    }
  }

  /**
   * Inside the caller's transaction: locks the rows of these groups (creating those missing), in
   * one order, and bumps their version, so that no fire of theirs read before this commits can take
   * its row.
   */
  private void lockGroups(Connection connection, Collection<String> groups) throws SQLException {
    List<String> sorted = List.copyOf(new TreeSet<>(groups));
    try (PreparedStatement insert =
        connection.prepareStatement(
            database.dialect().insertKeyIfAbsent("pacer_fire", "group_name"))) {
      for (String group : sorted) {
        insert.setString(1, group);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_fire SET version = version + 1 WHERE group_name = ?")) {
      for (String group : sorted) {
        update.setString(1, group);
        update.executeUpdate();
      }
    }
  }

  /**
   * Inside a claim's transaction, before it takes claims of single items: locks the rows of their
   * groups ({@link #lockGroups}), so that none fires them until it commits, and says which of the
   * items their group's fire holds or made this attempt of ({@link #busy}).
   */
  public Map<String, Busy> hold(
      Connection connection, List<String> items, Instant slot, int attempt, boolean inOrder)
      throws SQLException {
    Set<String> locked = new HashSet<>();
    while (true) {
      Set<String> groups = new TreeSet<>(groupsOf(connection, items));
      groups.removeAll(locked);
      if (groups.isEmpty()) {
        return busy(connection, items, slot, attempt, inOrder);
      }
      lockGroups(connection, groups); // an item may have moved meanwhile: read its group again
      locked.addAll(groups);
    }
  }

  private static Set<String> groupsOf(Connection connection, List<String> items)
      throws SQLException {
    Set<String> groups = new HashSet<>();
    for (List<String> chunk : Claims.chunks(items)) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT DISTINCT group_name FROM pacer_group WHERE item IN ("
                  + Claims.marks(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            groups.add(rows.getString(1));
          }
        }
      }
    }
    return groups;
  }

  /** Deletes the rows of groups that are gone, unless a fire of theirs still holds members. */
  public void forget(List<String> groups) throws SQLException {
    try (Connection connection = database.connection()) {
      for (List<String> chunk : Claims.chunks(groups)) {
        try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM pacer_fire WHERE (token IS NULL OR pending <= 0) AND group_name IN ("
                    + Claims.marks(chunk.size())
                    + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            delete.setString(i + 1, chunk.get(i));
          }
          delete.executeUpdate();
        }
      }
    }
  }

  /**
   * Inside the caller's transaction: these runs of a fire ({@code claim} is one's) are recorded.
   * True if their fire still holds them (its row is locked until the commit); false if its members
   * were carried into their own claims, where they are to be looked up.
   */
  public boolean recorded(Connection connection, Claim claim, int runs) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_fire SET pending = pending - ? WHERE group_name = ? AND owner = ?"
                + " AND owner_epoch = ? AND token = ?")) {
      update.setInt(1, runs);
      update.setString(2, claim.fire());
      update.setString(3, claim.owner());
      update.setLong(4, claim.epoch());
      update.setLong(5, claim.token());
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Inside the caller's transaction: a fire's member whose run is recorded while its collector
   * still runs keeps the item in a claim of its own, freed when the collector stops.
   */
  public void keep(Connection connection, Claim claim, Instant slot, int attempt)
      throws SQLException {
    Claims.insertMissing(database, connection, List.of(claim.item()));
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_claim SET owner = ?, owner_epoch = ?, token = ?, slot = ?, attempt = ?,"
                + " claimed_at = "
                + now
                + " WHERE item = ? AND token IS NULL")) {
      update.setString(1, claim.owner());
      update.setLong(2, claim.epoch());
      update.setLong(3, claim.token());
      update.setLong(4, slot.toEpochMilli());
      update.setInt(5, attempt);
      update.setString(6, claim.item());
      update.executeUpdate();
    }
  }

  /**
   * Carries the members of fires whose node's lease lapsed (it died, or fenced itself) into their
   * own claims, where the look for lost runs finds them. A scan of one row per group.
   *
   * @return how many fires it carried
   */
  public int carryLapsed() throws SQLException {
    List<String> lapsed = new ArrayList<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT f.group_name FROM pacer_fire f LEFT JOIN pacer_member m"
                    + " ON m.instance = f.owner WHERE f.token IS NOT NULL AND f.pending > 0"
                    + " AND (m.instance IS NULL OR m.epoch <> f.owner_epoch"
                    + " OR m.lease_until <= "
                    + now
                    + ")");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        lapsed.add(rows.getString(1));
      }
    }
    int carried = 0;
    for (String group : lapsed) {
      try (Connection connection = database.connection()) {
        connection.setAutoCommit(false);
        try {
          Fire fire = lock(connection, group);
          if (fire != null && fire.open() && lapsed(connection, fire)) {
            carry(connection, fire);
            carried++;
          }
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      }
    }
    return carried;
  }

  private boolean lapsed(Connection connection, Fire fire) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM pacer_member WHERE instance = ? AND epoch = ? AND lease_until > "
                + now)) {
      select.setString(1, fire.owner());
      select.setLong(2, fire.epoch());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() && rows.getLong(1) == 0;
      }
    }
  }

  /** Why a claim of one item gives way to its group's fire. */
  public enum Busy {
    /**
     * The group's fire made, or makes, this attempt at this slot of the item (a fire makes first
     * attempts), or, in order, ran a later slot.
     */
    PASSED,
    /** An earlier fire of the group still runs the item. */
    RUNNING
  }

  /**
   * Under the locks of the items' groups: the items whose group's fire holds them, or made the
   * attempt.
   *
   * @param inOrder whether a fire of a later slot passes this slot by
   */
  private Map<String, Busy> busy(
      Connection connection, Collection<String> items, Instant slot, int attempt, boolean inOrder)
      throws SQLException {
    Map<String, Fire> fires = new HashMap<>();
    Map<String, Set<String>> members = new HashMap<>();
    Map<String, Fire> byItem = new HashMap<>();
    List<String> all = List.copyOf(items);
    for (List<String> chunk : Claims.chunks(all)) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT g.item, f.group_name, f.slot, f.owner, f.owner_epoch, f.token, f.fired_at,"
                  + " f.pending, f.members FROM pacer_group g JOIN pacer_fire f"
                  + " ON f.group_name = g.group_name WHERE f.token IS NOT NULL AND g.item IN ("
                  + Claims.marks(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String group = rows.getString(2);
            Fire fire = fires.get(group);
            if (fire == null) {
              fire =
                  new Fire(
                      group,
                      rows.getLong(3),
                      rows.getString(4),
                      rows.getLong(5),
                      rows.getLong(6),
                      rows.getLong(7),
                      rows.getInt(8),
                      decode(rows.getString(9)),
                      0);
              fires.put(group, fire);
              members.put(group, new HashSet<>(fire.members()));
            }
            byItem.put(rows.getString(1), fire);
          }
        }
      }
    }
    Map<String, Busy> busy = new HashMap<>();
    List<String> maybeRunning = new ArrayList<>();
    long at = slot.toEpochMilli();
    for (String item : all) {
      Fire fire = byItem.get(item);
      if (fire == null || !members.get(fire.group()).contains(item)) {
        continue;
      }
      if ((fire.slot() == at && attempt <= 1) || (inOrder && fire.slot() > at)) {
        busy.put(item, Busy.PASSED);
      } else if (fire.pending() > 0) {
        maybeRunning.add(item);
      }
    }
    if (!maybeRunning.isEmpty()) {
      Map<String, RunLog.Last> recorded = RunLog.latest(connection, maybeRunning);
      for (String item : maybeRunning) {
        RunLog.Last last = recorded.get(item);
        if (last == null || last.slot().toEpochMilli() < byItem.get(item).slot()) {
          busy.put(item, Busy.RUNNING);
        }
      }
    }
    return busy;
  }

  /**
   * The items the groups' fires hold now: members not yet recorded of fires that still hold some.
   */
  public Set<String> running(Connection connection) throws SQLException {
    List<String> members = new ArrayList<>();
    Map<String, Long> slots = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT slot, members FROM pacer_fire WHERE token IS NOT NULL AND pending > 0");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        for (String item : decode(rows.getString(2))) {
          members.add(item);
          slots.put(item, rows.getLong(1));
        }
      }
    }
    Set<String> running = new HashSet<>();
    Map<String, RunLog.Last> recorded = RunLog.latest(connection, members);
    for (String item : members) {
      RunLog.Last last = recorded.get(item);
      if (last == null || last.slot().toEpochMilli() < slots.get(item)) {
        running.add(item);
      }
    }
    return running;
  }

  /** Members fires left out because a claim of their own held them, or this node could not run. */
  long refused() {
    return refused.get();
  }

  private static String encode(List<String> items) {
    try {
      return JSON.writeValueAsString(items);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> decode(String members) {
    if (members == null) {
      return List.of();
    }
    try {
      return JSON.readValue(members, ITEMS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("pacer_fire.members is not a JSON array of names", e);
    }
  }
}
