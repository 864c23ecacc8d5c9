package dev.pacer.run.collector.sql;

import dev.pacer.config.ConfigFamily;
import dev.pacer.config.Validated;
import java.util.List;
import java.util.Map;

/**
 * The data sources and queries the sql collector may use, declared by name: an item's target names
 * a query, and credentials stay in the configuration.
 */
public final class SqlConfig implements Validated {
  private Map<String, SqlSource> sources = Map.of();
  private Map<String, SqlQuery> queries = Map.of();

  public Map<String, SqlSource> getSources() {
    return sources;
  }

  @ConfigFamily(
      value = "collector.sql.source",
      description = "Databases the sql collector may query, by name")
  public void setSources(Map<String, SqlSource> sources) {
    this.sources = Map.copyOf(sources);
  }

  public Map<String, SqlQuery> getQueries() {
    return queries;
  }

  @ConfigFamily(
      value = "collector.sql.query",
      description = "Queries the sql collector may run, by name; an item's target names one")
  public void setQueries(Map<String, SqlQuery> queries) {
    this.queries = Map.copyOf(queries);
  }

  @Override
  public void validate(List<String> problems) {
    queries.forEach(
        (name, query) -> {
          if (!query.getSource().isBlank() && !sources.containsKey(query.getSource())) {
            problems.add(
                "collector.sql.query."
                    + name
                    + ".source: no collector.sql.source named '"
                    + query.getSource()
                    + "'");
          }
        });
  }
}
