package ai.thinkheads.droptrace.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTextTest {

    @Test
    void a_byte_that_is_not_utf8_is_named_with_its_line_not_called_input_length_1(@TempDir Path dir) throws Exception {
        // Given a comment saved as Latin-1 on line 2, and the first bytes of an ELF binary
        Path latin1 = Files.write(dir.resolve("probes.yaml"), "site:\n  # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Path binary = Files.write(dir.resolve("up.yaml"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0x90});

        // When / Then
        assertThatThrownBy(() -> ConfigText.read(latin1)).isInstanceOf(IOException.class)
                .hasMessage("not UTF-8 text: byte 0xE9 on line 2; a binary file, or one saved in another encoding? "
                        + "save it as UTF-8");
        assertThatThrownBy(() -> ConfigText.read(binary)).hasMessageStartingWith("not UTF-8 text: byte 0x90 on line 1;");
    }

    @Test
    void utf8_text_reads_as_it_is() throws Exception {
        // Given
        Path file = Files.createTempFile("config", ".yaml");
        Files.writeString(file, "\ufeffname: Gr\u00fc\u00dfe \u4e2d\u6587 \ud83d\ude00\n");
        // When / Then
        assertThat(ConfigText.read(file)).isEqualTo("\ufeffname: Gr\u00fc\u00dfe \u4e2d\u6587 \ud83d\ude00\n");
        Files.delete(file);
    }
}
