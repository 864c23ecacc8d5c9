package dev.pacer.config;

import java.util.List;

/** A configuration class that checks its values together, after every key was assigned. */
public interface Validated {
  /** Adds one message per problem, each naming the key. */
  void validate(List<String> problems);
}
