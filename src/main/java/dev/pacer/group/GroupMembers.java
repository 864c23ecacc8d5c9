package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.fence.FireClaims;
import dev.pacer.settings.MisfirePolicy;
import dev.pacer.sync.ItemJobs;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code pacer_group} table: which group's trigger runs each item. */
@Singleton
public final class GroupMembers {
  private static final String COLUMNS =
      "item, group_name, interval_s, misfire_instruction, paused, not_before";

  /** The columns {@link #member} reads, of the table aliased {@code g}. */
  public static final String ROW_COLUMNS =
      "g.item, g.group_name, g.interval_s, g.misfire_instruction, g.paused, g.not_before";

  private final Database database;
  private final FireClaims fires;

  @Inject
  public GroupMembers(Database database, FireClaims fires) {
    this.database = requireNonNull(database);
    this.fires = requireNonNull(fires);
  }

  /** One item's membership. {@code notBefore}: epoch ms before which its group skips it. */
  public record Member(
      String item,
      String group,
      int intervalSeconds,
      int misfireInstruction,
      boolean paused,
      long notBefore) {
    /** The misfire policy whose Quartz instruction the member's group has. */
    public MisfirePolicy misfire() {
      for (MisfirePolicy policy : MisfirePolicy.values()) {
        if (ItemJobs.misfireInstruction(policy) == misfireInstruction) {
          return policy;
        }
      }
      return MisfirePolicy.RUN_ONCE;
    }
  }

  public List<Member> all() throws SQLException {
    try (Connection connection = database.connection()) {
      return all(connection);
    }
  }

  /** Every member, read on the caller's connection. */
  public List<Member> all(Connection connection) throws SQLException {
    return select(connection, "SELECT " + COLUMNS + " FROM pacer_group", null);
  }

  /** The members of these items that have one, by item. */
  public Map<String, Member> of(List<String> items) throws SQLException {
    Map<String, Member> found = new HashMap<>();
    try (Connection connection = database.connection()) {
      for (int from = 0; from < items.size(); from += 500) {
        List<String> chunk = items.subList(from, Math.min(items.size(), from + 500));
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM pacer_group WHERE item IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 1, chunk.get(i));
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              Member member = member(rows);
              if (chunk.contains(member.item())) {
                found.put(member.item(), member);
              }
            }
          }
        }
      }
    }
    return found;
  }

  /** The members a group runs at a fire: not paused. */
  public List<Member> active(String group) throws SQLException {
    try (Connection connection = database.connection()) {
      return select(
          connection,
          "SELECT " + COLUMNS + " FROM pacer_group WHERE group_name = ? AND paused = ?",
          group);
    }
  }

  private static List<Member> select(Connection connection, String sql, String group)
      throws SQLException {
    List<Member> members = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (group != null) {
        select.setString(1, group);
        select.setBoolean(2, false);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          members.add(member(rows));
        }
      }
    }
    return members;
  }

  /** The member in a row led by {@link #ROW_COLUMNS}. */
  public static Member member(ResultSet rows) throws SQLException {
    return new Member(
        rows.getString(1),
        rows.getString(2),
        rows.getInt(3),
        rows.getInt(4),
        rows.getBoolean(5),
        rows.getLong(6));
  }

  /**
   * Writes the members' rows, replacing any they had, in one transaction. The fires of the groups
   * some of them leave carry what they still run into claims of their own ({@link FireClaims}), so
   * that no other group runs an item while its old one still does.
   */
  void put(List<Member> members, Collection<String> left) throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        delete(connection, members.stream().map(Member::item).toList());
        fires.release(connection, left);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pacer_group (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
          for (Member member : members) {
            insert.setString(1, member.item());
            insert.setString(2, member.group());
            insert.setInt(3, member.intervalSeconds());
            insert.setInt(4, member.misfireInstruction());
            insert.setBoolean(5, member.paused());
            insert.setLong(6, member.notBefore());
            insert.addBatch();
          }
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Deletes the members' rows; the fires of the groups they leave carry them as {@link #put}. */
  void delete(Collection<String> items, Collection<String> left) throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        delete(connection, items);
        fires.release(connection, left);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static void delete(Connection connection, Collection<String> items) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM pacer_group WHERE item = ?")) {
      for (String item : items) {
        delete.setString(1, item);
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }
}
