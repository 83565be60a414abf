package dev.cronstone.api;

import dev.cronstone.config.AddressRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address a request comes from, as the rate limits count it ({@code api.trustedProxies},
 * docs/api.md "Rate limits"). A request whose TCP peer is not a trusted proxy comes from that peer,
 * whatever its {@code X-Forwarded-For} says. From a trusted proxy, the header's entries are read
 * right to left (each proxy appends the address it saw): the first one that is not a trusted proxy
 * is the client. An entry that is not an IP address stops the walk at the last address known good;
 * when every entry is a trusted proxy, the left-most is the client.
 */
final class ClientAddress {
  static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<AddressRange> trusted;

  ClientAddress(List<AddressRange> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /**
   * The client's address for a request from {@code peer} that carries the {@code X-Forwarded-For}
   * header values {@code forwardedFor} (in the order received).
   */
  String of(String peer, List<String> forwardedFor) {
    Optional<InetAddress> peerAddress = AddressRange.literal(peer);
    if (trusted.isEmpty() || peerAddress.isEmpty() || !isTrusted(peerAddress.get())) {
      return peer;
    }
    List<String> hops = entries(forwardedFor);
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = AddressRange.literal(withoutPort(hops.get(i)));
      if (hop.isEmpty()) {
        return client;
      }
      client = hop.get().getHostAddress();
      if (!isTrusted(hop.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(r -> r.contains(address));
  }

  private static List<String> entries(List<String> headers) {
    List<String> out = new ArrayList<>();
    for (String header : headers) {
      for (String entry : header.split(",")) {
        if (!entry.isBlank()) {
          out.add(entry.trim());
        }
      }
    }
    return out;
  }

  /** {@code 203.0.113.7:4711} and {@code [2001:db8::1]:4711} without their port. */
  private static String withoutPort(String entry) {
    if (entry.startsWith("[") && entry.contains("]")) {
      return entry.substring(0, entry.indexOf(']') + 1);
    }
    int colon = entry.indexOf(':');
    if (colon > 0 && colon == entry.lastIndexOf(':') && entry.indexOf('.') > 0) {
      return entry.substring(0, colon);
    }
    return entry;
  }
}
