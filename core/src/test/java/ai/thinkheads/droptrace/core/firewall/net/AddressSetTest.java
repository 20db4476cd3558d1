package ai.thinkheads.droptrace.core.firewall.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressSetTest {

    private static AddressRange cidr(String text) {
        return AddressSpec.range(text, false);
    }

    @Test
    void the_most_specific_prefix_decides_like_an_ipset_with_nomatch_entries() {
        // Given
        AddressSet set = AddressSet.builder()
                .add(cidr("10.0.0.0/8"), false)
                .add(cidr("10.1.0.0/16"), true)
                .add(cidr("10.1.2.0/24"), false)
                .build();

        // Then
        assertThat(set.contains(IpAddress.parse("10.9.9.9"))).isTrue();
        assertThat(set.contains(IpAddress.parse("10.1.3.3"))).isFalse();
        assertThat(set.contains(IpAddress.parse("10.1.2.3"))).isTrue();
        assertThat(set.contains(IpAddress.parse("11.0.0.1"))).isFalse();
    }

    @Test
    void one_network_given_twice_counts_as_its_last_entry_as_pve_firewall_keeps_one_entry_per_network() {
        // Given: an alias and an address for 10.0.0.5, match then nomatch and nomatch then match
        AddressSet nomatchLast = AddressSet.builder()
                .add(cidr("10.0.0.0/24"), false)
                .add(cidr("10.0.0.5"), false)
                .add(cidr("10.0.0.5"), true)
                .build();
        AddressSet matchLast = AddressSet.builder()
                .add(cidr("10.0.0.0/16"), true)
                .add(cidr("10.0.0.0/16"), false)
                .build();

        // Then
        assertThat(nomatchLast.contains(IpAddress.parse("10.0.0.5"))).isFalse();
        assertThat(nomatchLast.contains(IpAddress.parse("10.0.0.6"))).isTrue();
        assertThat(matchLast.contains(IpAddress.parse("10.0.3.4"))).isTrue();
    }

    @Test
    void ipv4_ranges_never_contain_ipv6_addresses() {
        // Given
        AddressSet v4 = AddressSet.of(cidr("0.0.0.0/1"), cidr("128.0.0.0/1"));

        // Then
        assertThat(v4.contains(IpAddress.parse("10.0.0.1"))).isTrue();
        assertThat(v4.contains(IpAddress.parse("2001:db8::1"))).isFalse();
        assertThat(v4.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(v4.hasVersion(6)).isFalse();
    }

    @Test
    void ipv6_ranges_never_contain_ipv4_addresses_not_even_over_the_mapped_block() {
        // Given: ::/8 and ::ffff:0:0/96 are IPv6 networks (pve-firewall's -v6 sets); IPv4 lives in ::ffff:0:0/96 here
        AddressSet v6 = AddressSet.of(cidr("::/8"), cidr("::ffff:0:0/96"), cidr("::ffff:10.0.0.1"));

        // Then
        assertThat(v6.contains(IpAddress.parse("10.0.0.1"))).isFalse();
        assertThat(v6.contains(IpAddress.parse("0.0.0.0"))).isFalse();
        assertThat(v6.contains(IpAddress.parse("::1"))).isTrue();
        assertThat(v6.contains(IpAddress.parse("::1:0:0:1"))).isTrue();
        assertThat(v6.hasVersion(4)).isFalse();
        assertThat(AddressSpec.list("::ffff:10.0.0.1").version()).isEqualTo(6);
        assertThat(AddressSpec.list("::ffff:10.0.0.1,10.0.0.2").error()).contains("mixed ipv4/ipv6");
    }

    @Test
    void adjacent_ranges_merge_and_containment_follows() {
        // Given
        AddressSet wide = AddressSet.of(cidr("10.0.0.0/25"), cidr("10.0.0.128/25"));
        AddressSet narrow = AddressSet.of(cidr("10.0.0.64/26"), cidr("10.0.0.200"));

        // Then
        assertThat(wide.rangeCount()).isEqualTo(1);
        assertThat(wide.range(0)).hasToString("10.0.0.0/24");
        assertThat(wide.containsAll(narrow)).isTrue();
        assertThat(narrow.containsAll(wide)).isFalse();
    }

    @Test
    void ipv6_addresses_parse_compress_and_match() {
        // Given
        AddressSet net = AddressSet.of(cidr("2001:db8:100::/48"));

        // Then
        assertThat(IpAddress.parse("2001:0db8:0000:0000:0000:0000:0000:0001")).hasToString("2001:db8::1");
        assertThat(net.contains(IpAddress.parse("2001:db8:100:ffff::5"))).isTrue();
        assertThat(net.contains(IpAddress.parse("2001:db8:101::5"))).isFalse();
        assertThat(IpAddress.parse("10.0.0.256")).isNull();
        assertThat(IpAddress.parse("10.0.0")).isNull();
        assertThat(IpAddress.parse("10.0.0.1.2")).isNull();
        assertThat(IpAddress.parse("10..0.1")).isNull();
        assertThat(IpAddress.parse("010.000.000.001")).hasToString("10.0.0.1");
        assertThat(IpAddress.parse("fe80::1%eth0")).isNull();
        assertThat(IpAddress.parse("example.org")).isNull();
    }

    @Test
    void membership_equals_a_longest_prefix_match_over_the_entries_for_random_ipsets() {
        Random random = new Random(20261126L);
        for (int trial = 0; trial < 300; trial++) {
            // Given: a small address space, so that prefixes nest and the addresses hit them
            List<Prefix> distinct = new ArrayList<>();
            AddressSet.Builder builder = AddressSet.builder();
            int count = random.nextInt(13);
            for (int i = 0; i < count; i++) {
                Prefix p = new Prefix(0x0a00_0000L | random.nextInt(256), 24 + random.nextInt(9), random.nextBoolean());
                if (distinct.stream().noneMatch(d -> d.network() == p.network() && d.length() == p.length())) {
                    distinct.add(p);
                    builder.add(AddressRange.prefix(IpAddress.ofV4(p.network()), p.length()), p.nomatch());
                }
            }
            AddressSet set = builder.build();
            for (int probe = 0; probe < 20; probe++) {
                long address = 0x0a00_0000L - 2 + random.nextInt(262);

                // When
                boolean contained = set.contains(IpAddress.ofV4(address));

                // Then: the oracle is the kernel's rule written out plainly
                assertThat(contained).as("%s contains %s", distinct, IpAddress.ofV4(address))
                        .isEqualTo(longestPrefixMatches(distinct, address));
            }
        }
    }

    private static boolean longestPrefixMatches(List<Prefix> entries, long address) {
        Prefix best = null;
        for (Prefix p : entries) {
            // a tie is one network written twice (host bits differ): the last entry counts, as in pve-firewall
            long mask = (0xffff_ffffL << (32 - p.length())) & 0xffff_ffffL;
            if ((address & mask) == (p.network() & mask) && (best == null || p.length() >= best.length())) {
                best = p;
            }
        }
        return best != null && !best.nomatch();
    }

    record Prefix(long network, int length, boolean nomatch) {
    }
}
