package dev.cronstone.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.config.AddressRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request counts as, with and without trusted proxies (docs/api.md). */
class ClientAddressTest {
  private final ClientAddress behindBalancers =
      new ClientAddress(List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8")));

  @Test
  void with_no_trusted_proxy_the_header_is_never_read() {
    ClientAddress none = new ClientAddress(List.of());
    assertThat(none.of("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("10.0.0.5");
  }

  @Test
  void from_an_untrusted_peer_the_header_is_ignored() {
    assertThat(behindBalancers.of("198.51.100.9", List.of("203.0.113.7")))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void from_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
    assertThat(behindBalancers.of("10.0.0.5", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    // A client's own forged entries sit left of the address its proxy appended.
    assertThat(behindBalancers.of("10.0.0.5", List.of("1.2.3.4, 203.0.113.7, 10.1.1.1")))
        .isEqualTo("203.0.113.7");
    assertThat(behindBalancers.of("10.0.0.5", List.of("1.2.3.4", "203.0.113.7:5123")))
        .isEqualTo("203.0.113.7");
    assertThat(behindBalancers.of("fd00::1", List.of("[2001:db8::7]:443")))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void a_trusted_proxy_without_the_header_or_with_only_proxies_in_it() {
    assertThat(behindBalancers.of("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
    assertThat(behindBalancers.of("10.0.0.5", List.of("10.2.2.2, 10.3.3.3"))).isEqualTo("10.2.2.2");
  }

  @Test
  void an_entry_that_is_not_an_address_stops_at_the_last_good_one() {
    assertThat(behindBalancers.of("10.0.0.5", List.of("unknown"))).isEqualTo("10.0.0.5");
    assertThat(behindBalancers.of("10.0.0.5", List.of("203.0.113.7, evil.example, 10.9.9.9")))
        .isEqualTo("10.9.9.9");
  }

  @Test
  void address_ranges_match_by_prefix_and_family() {
    AddressRange block = AddressRange.parse("192.168.4.0/22");
    assertThat(block.contains(AddressRange.literal("192.168.7.255").orElseThrow())).isTrue();
    assertThat(block.contains(AddressRange.literal("192.168.8.0").orElseThrow())).isFalse();
    assertThat(block.contains(AddressRange.literal("::1").orElseThrow())).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(AddressRange.literal("8.8.8.8").get()))
        .isTrue();
    assertThat(AddressRange.parse("127.0.0.1").contains(AddressRange.literal("127.0.0.2").get()))
        .isFalse();
    assertThat(AddressRange.literal("localhost")).isEmpty();
  }
}
