package dev.pacer.config;

import java.util.regex.Pattern;

/**
 * Passwords that hide inside other values: a URL's {@code user:password@}, and {@code password=}
 * among its parameters (a JDBC URL's query, H2's {@code ;PASSWORD=}, Connector/J's {@code
 * (host=...,password=...)} address form).
 */
public final class Secrets {
  public static final String MASK = "********";

  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#]*:)[^/@?#]*@");
  private static final Pattern PARAMETER = Pattern.compile("(?i)(password\\d?=)[^&;,)]*");

  private Secrets() {}

  /** The value with every password it holds masked; the same value if it holds none. */
  public static String maskCredentials(String value) {
    String masked = USER_INFO.matcher(value).replaceAll("$1" + MASK + "@");
    return PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }
}
