package dev.cronstone.artifacts;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SecretRefs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Masks the secrets of one run ({@code ***}) in any text that leaves it: event messages and data,
 * outcome details, captured stdout and stderr, receipts and summaries.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>A text that IS a secret value (any length) becomes {@code ***}: an env or header value
 *       echoed on its own, an event data value.
 *   <li>Inside longer text, every occurrence of a secret of at least {@value #MIN_IN_TEXT}
 *       characters (and of its URL-encoded form) is replaced, longest secret first. Shorter values
 *       are not searched for inside text: masking every "ab" would mangle the output and hide
 *       nothing an attacker could not guess.
 *   <li>The password of a URL's user info ({@code https://user:pw@host}) and the values of query
 *       parameters whose names look secret ({@code token}, {@code password}, {@code api_key},
 *       {@code signature}, ...) are masked whatever their value.
 *   <li>{@link #redactTail} also masks, at the start of an output tail cut by the capture cap, a
 *       fragment that is the end of a secret (of any length): the cut can fall inside a secret.
 * </ol>
 */
public final class Redactor {
  /** Secrets shorter than this are masked only where a whole text equals them. */
  public static final int MIN_IN_TEXT = 4;

  static final String MASK = "***";
  private static final Redactor NONE = new Redactor(List.of());
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^/\\s@]+@");
  private static final Pattern SECRET_QUERY =
      Pattern.compile(
          "(?i)([?&;](?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
              + "|signature|credential)|sig|key|auth)=)[^&;#\\s\"'<>]+");

  private final List<String> secrets; // longest first
  private final Set<String> exact;

  private Redactor(Collection<String> values) {
    Set<String> all = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        all.add(value);
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
          all.add(encoded);
        }
      }
    }
    this.exact = Set.copyOf(all);
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(
        Comparator.comparingInt(String::length)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    this.secrets = List.copyOf(sorted);
  }

  /** A redactor for these secret values (null and empty values are ignored). */
  public static Redactor of(Collection<String> secretValues) {
    return new Redactor(secretValues);
  }

  /**
   * A redactor that knows no secret values (URL passwords and secret query values are still
   * masked).
   */
  public static Redactor none() {
    return NONE;
  }

  /**
   * The redactor of a run of {@code spec}: the values of the {@code ${env:NAME}} variables its task
   * references, resolved now from {@code env} (unset variables have nothing to mask).
   */
  public static Redactor forSpec(JobSpec spec, Function<String, Optional<String>> env) {
    List<String> values = new ArrayList<>();
    for (String name : SecretRefs.envNames(spec)) {
      env.apply(name).ifPresent(values::add);
    }
    return of(values);
  }

  /** The text with every secret masked; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    if (exact.contains(text) || exact.contains(text.strip())) {
      return MASK;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret.length() >= MIN_IN_TEXT) {
        out = out.replace(secret, MASK);
      }
    }
    // Both patterns need a literal they start from: most texts (event messages, data values)
    // have neither, and skip the two regex scans.
    if (out.indexOf("://") >= 0) {
      out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
    }
    if (out.indexOf('=') >= 0) {
      out = SECRET_QUERY.matcher(out).replaceAll("$1" + MASK);
    }
    return out;
  }

  /**
   * The captured tail of an output with every secret masked. When {@code truncated}, the text
   * starts where the capture cap cut the stream, possibly inside a secret: a leading fragment that
   * is the end of a secret (after any U+FFFD left by a cut multi-byte character) is masked too.
   */
  public String redactTail(String text, boolean truncated) {
    if (text == null || text.isEmpty() || !truncated) {
      return redact(text);
    }
    int skip = 0;
    while (skip < text.length() && text.charAt(skip) == '\uFFFD') {
      skip++;
    }
    int fragment = longestSecretSuffixAt(text, skip);
    if (fragment == 0) {
      return redact(text);
    }
    return MASK + redact(text.substring(skip + fragment));
  }

  /** A copy of the map with every value redacted (keys kept), in the same order. */
  public Map<String, String> redact(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach((key, value) -> out.put(key, redact(value)));
    return out;
  }

  /**
   * The length of the longest secret searched for inside text (at least {@value #MIN_IN_TEXT}
   * characters), 0 when there is none.
   */
  int longestInText() {
    return secrets.stream().mapToInt(String::length).filter(l -> l >= MIN_IN_TEXT).max().orElse(0);
  }

  /**
   * {@code cut}, moved past the end of every secret occurrence in {@code text} that it would split
   * (an occurrence that starts before it and ends after it), so that {@code text} can be masked in
   * two parts at the returned index as it would be whole.
   */
  int cutOutsideSecrets(String text, int cut) {
    for (boolean moved = true; moved; ) {
      moved = false;
      for (String secret : secrets) {
        if (secret.length() < MIN_IN_TEXT) {
          continue;
        }
        int from = Math.max(0, cut - secret.length() + 1);
        for (int at = text.indexOf(secret, from);
            at >= 0 && at < cut;
            at = text.indexOf(secret, at + 1)) {
          if (at + secret.length() > cut) {
            cut = at + secret.length();
            moved = true;
          }
        }
      }
    }
    return cut;
  }

  /** Whether this redactor knows any secret value. */
  public boolean hasSecrets() {
    return !secrets.isEmpty();
  }

  /**
   * The length of the longest suffix of a secret (or whole secret) that {@code text} has at {@code
   * from}.
   */
  private int longestSecretSuffixAt(String text, int from) {
    int best = 0;
    for (String secret : secrets) {
      for (int start = 0; start < secret.length(); start++) {
        int length = secret.length() - start;
        if (length <= best) {
          break;
        }
        if (text.startsWith(secret.substring(start), from)) {
          best = length;
          break;
        }
      }
    }
    return best;
  }
}
