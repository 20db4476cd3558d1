package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextSizeTest {

    @Test
    void a_small_gzip_file_holds_what_its_trailer_says() {
        // Given: 45 MB of text in 4 MB, too few compressed bytes for 4 GiB more
        TextSize size = TextSize.ofGzip(45_000_000, 4_000_000);
        // Then
        assertThat(size.exact()).isTrue();
        assertThat(size.least()).isEqualTo(45_000_000);
    }

    @Test
    void a_gzip_file_of_more_than_4_gib_of_text_may_hold_its_trailer_size_plus_4_gib_multiples() {
        // Given: gzip -1 made 44,345,960 bytes of 4.4 GB of log; its trailer says 4.4 GB modulo 4 GiB
        TextSize size = TextSize.ofGzip(105_032_704, 44_345_960);
        // Then: the trailer is the least it holds, the 4.4 GB one of the sizes it may hold
        assertThat(size.exact()).isFalse();
        assertThat(size.least()).isEqualTo(105_032_704);
        assertThat(size.most()).isGreaterThanOrEqualTo(4_400_000_000L);
        assertThat((size.most() - size.trailer()) % (1L << 32)).isZero();
        // and the text read over the share of the compressed bytes read picks it, never below what was read
        assertThat(size.nearest(3.9e9, 50_000_000)).isEqualTo(4_400_000_000L);
        assertThat(size.nearest(1e6, 50_000_000)).isEqualTo(105_032_704);
        assertThat(size.nearest(1e6, 200_000_000)).isEqualTo(4_400_000_000L);
    }

    @Test
    void a_gzip_file_larger_than_its_trailer_size_holds_at_least_about_its_own_size() {
        // Given: 6 GB of incompressible data in stored blocks (5 bytes more a 65,535), whose trailer says 6 GB modulo 4 GiB
        long text = 6_000_000_000L;
        TextSize size = TextSize.ofGzip(text % (1L << 32), text + text / 65_535 * 5 + 18);
        // Then
        assertThat(size.least()).isEqualTo(text);
    }
}
