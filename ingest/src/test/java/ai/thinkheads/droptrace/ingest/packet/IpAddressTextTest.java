package ai.thinkheads.droptrace.ingest.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses as the kernel and pvefw-logger write them, and text that only looks like one. */
class IpAddressTextTest {

    private static String read(String text) {
        String padded = "SRC=" + text + " ";
        return IpAddressText.read(padded, 4, 4 + text.length());
    }

    @ParameterizedTest
    @CsvSource({
        // the kernel's expanded form, compressed as glibc 2.36's inet_ntop writes it (pvefw-logger):
        // each pair checked with python3's socket.inet_ntop on Debian 12
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "0000:0000:0000:0000:0000:ffff:0a00:0001, ::ffff:10.0.0.1",
        "0000:0000:0000:0000:0000:0000:0a00:0001, ::10.0.0.1",
        "0000:0000:0000:0000:0000:ffff:0000:0000, ::ffff:0.0.0.0",
        "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
        "0000:0000:0000:0000:0000:0000:0000:ffff, ::ffff",
        "0000:0000:0000:0000:0000:fffe:0a00:0001, ::fffe:a00:1",
        "0000:0000:0000:0000:0001:ffff:0a00:0001, ::1:ffff:a00:1",
        "0000:0000:0000:0000:0000:0000:0000:0000, ::",
        "FE80:0000:0000:0000:0000:0000:0000:0001, fe80::1",
        // already as inet_ntop writes it: as it is
        "fe80::1, fe80::1",
        "::ffff:10.0.0.1, ::ffff:10.0.0.1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "2a0a:1580::a, 2a0a:1580::a",
        "1::, 1::",
        // any other form of the address (a hand-written or relayed line), as inet_ntop writes it too
        "FE80::1, fe80::1",
        "2001:0db8:0000::0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:200:0::102, 2001:db8:200::102",
        "2001:db8::0:1, 2001:db8::1",
        "0:0:0:0:0:0:0:1, ::1",
        "2001:db8:0000:0000:0000:0000:0000:0000, 2001:db8::",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "1:0:0:2::3, 1:0:0:2::3",
        "::ffff:a00:1, ::ffff:10.0.0.1",
        "0:0:0:0:0:ffff:10.0.0.1, ::ffff:10.0.0.1",
        "::0.0.0.1, ::1",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "::, ::",
        "10.0.0.1, 10.0.0.1"})
    void an_address_is_read_in_the_form_pvefw_logger_writes(String text, String expected) {
        assertThat(read(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        // as a user may type them for 'droptrace query pair': the form the log and so the pair keys hold
        "fd00:10:0:0::153, fd00:10::153",
        "FD00:0010::0153, fd00:10::153",
        "fd00:10:0:0:0:0:0:12, fd00:10::12",
        "0:0:0:0:0:0:0:1, ::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::ffff:a00:1, ::ffff:10.0.0.1",
        "0:0:0:0:0:ffff:10.0.0.1, ::ffff:10.0.0.1",
        "fd00:10::153, fd00:10::153",
        "::, ::",
        "10.0.0.1, 10.0.0.1"})
    void an_address_a_user_types_is_canonical_in_the_form_pvefw_logger_writes(String text, String expected) {
        assertThat(IpAddressText.canonical(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::", "1:2:3", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ":1::", "1:", "1::2:", "::1.2.3",
        "1.2.3.4::", "fe80::1%eth0", "::g", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.256", "10.0.0",
        "10.0.0.1.", "1:2:3:4:5:6:7:", ":"})
    void text_that_only_looks_like_an_address_is_not_one(String text) {
        assertThat(read(text)).isNull();
    }

    @Test
    void random_addresses_in_the_jdks_form_and_the_kernels_expanded_form_read_as_the_same_text()
            throws Exception {
        Random random = new Random(42);
        for (int k = 0; k < 20_000; k++) {
            // Given: an address with runs of zero groups, in the JDK's uncompressed form and in its expanded form
            byte[] bytes = new byte[16];
            for (int b = 0; b < 16; b += 2) {
                if (random.nextInt(3) > 0) {
                    bytes[b] = (byte) random.nextInt(256);
                    bytes[b + 1] = (byte) random.nextInt(256);
                }
            }
            String plain = InetAddress.getByAddress(bytes).getHostAddress(); // 1:0:0:0:0:0:0:2
            StringBuilder expanded = new StringBuilder();
            for (int b = 0; b < 16; b += 2) {
                expanded.append(String.format("%02x%02x", bytes[b] & 0xff, bytes[b + 1] & 0xff)).append(b < 14 ? ":" : "");
            }
            // Then: both read as the same address
            String fromPlain = read(plain);
            String fromExpanded = read(expanded.toString());
            assertThat(fromPlain).as(plain).isNotNull();
            assertThat(fromExpanded).as(expanded.toString()).isNotNull();
            assertThat(InetAddress.getByName(fromExpanded)).isEqualTo(InetAddress.getByAddress(bytes));
            assertThat(fromPlain).as(plain).isEqualTo(fromExpanded);
            assertThat(read(fromExpanded)).as("read again").isEqualTo(fromExpanded);
            assertThat(read(fromExpanded.toUpperCase(java.util.Locale.ROOT))).isEqualTo(fromExpanded);
        }
    }
}
