package dev.cronstone.config;

import java.util.regex.Pattern;

/** Masks credentials that may sit inside configuration values before they are shown anywhere. */
final class Secrets {
  private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^/@]*@");

  private Secrets() {}

  static String maskUrl(String url) {
    String masked = URL_PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return URL_USERINFO.matcher(masked).replaceAll("$1***@");
  }
}
