package dev.cronstone.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One IP address or CIDR block ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}), IPv4 or
 * IPv6: an entry of {@code api.trustedProxies}. Only literal addresses: a host name is never looked
 * up.
 *
 * @param network the block's first address bytes (4 for IPv4, 16 for IPv6)
 * @param prefix how many leading bits an address must share with {@code network}
 */
public record AddressRange(byte[] network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public AddressRange {
    Objects.requireNonNull(network, "network");
    network = network.clone();
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range");
    }
  }

  /**
   * Reads {@code text}: an address, or an address, {@code /} and a prefix length.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static AddressRange parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address =
        literal(host)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "must be an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8, got '"
                            + text
                            + "'"));
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = trimmed.substring(slash + 1);
      if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
        throw new IllegalArgumentException(
            "the prefix length after '/' must be 0 to " + bits + ", got '" + text + "'");
      }
      prefix = Integer.parseInt(length);
    }
    return new AddressRange(address.getAddress(), prefix);
  }

  /**
   * {@code text} as an IP address when it is a literal IPv4 or IPv6 address (IPv6 in brackets too);
   * empty for anything else, host names included (never looked up).
   */
  public static Optional<InetAddress> literal(String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = IPV4.matcher(t).matches();
    if (v4 ? !octets(t) : !IPV6.matcher(t).matches()) {
      return Optional.empty(); // never handed to InetAddress, which would look a name up
    }
    try {
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static boolean octets(String v4) {
    for (String octet : v4.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code address} is in this block (an IPv4 address is never in an IPv6 block). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & mask);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r
        && prefix == r.prefix
        && java.util.Arrays.equals(network, r.network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      return "?/" + prefix;
    }
  }
}
