package ai.thinkheads.droptrace.core.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of a configuration file (YAML, JSON), read as UTF-8. {@code Files.readString} refuses a byte that is not
 * UTF-8 with "Input length = 1", which named neither the byte nor where it is; a binary file given by mistake, or a
 * comment saved as Latin-1, is said as such here, with the line.
 */
public final class ConfigText {

    private ConfigText() {
    }

    /** The file's text; a byte that is not UTF-8 is an {@link IOException} whose message says which and on which line. */
    public static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = firstNotUtf8(bytes);
        if (at >= 0) {
            throw new IOException(String.format("not UTF-8 text: byte 0x%02X on line %d; a binary file, or one saved in "
                    + "another encoding? save it as UTF-8", bytes[at] & 0xff, lineOf(bytes, at)));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The 1-based line of the first byte of {@code bytes} that is not UTF-8, or 0 when there is none. */
    public static int notUtf8Line(byte[] bytes) {
        int at = firstNotUtf8(bytes);
        return at < 0 ? 0 : lineOf(bytes, at);
    }

    /** The offset of the first byte that is not UTF-8, or -1. */
    private static int firstNotUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(bytes.length), true);
        return result.isError() ? in.position() : -1;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
