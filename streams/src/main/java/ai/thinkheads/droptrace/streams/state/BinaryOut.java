package ai.thinkheads.droptrace.streams.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A growing byte buffer for the compact binary store and repartition values: big-endian numbers,
 * nullable values behind a presence byte, strings as UTF-8 with an int length ({@code -1}: null).
 * Written for the hot path: no streams, no checked exceptions, one array copy at the end.
 */
public final class BinaryOut {

    private byte[] buffer;
    private int size;

    public BinaryOut(int expectedSize) {
        buffer = new byte[Math.max(16, expectedSize)];
    }

    public BinaryOut writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public BinaryOut writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public BinaryOut writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public BinaryOut writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** A non-negative number in 1 to 10 bytes, 7 bits each, low bits first (counts are mostly small). */
    public BinaryOut writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a var-long must not be negative, was " + value);
        }
        ensure(10);
        while (value >= 0x80) {
            buffer[size++] = (byte) (value & 0x7f | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** A string as its UTF-8 length in a var-long, then the bytes (not null). */
    public BinaryOut writeShortString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeVarLong(bytes.length);
        return writeRaw(bytes);
    }

    public BinaryOut writeInstant(Instant time) {
        return writeLong(time.getEpochSecond()).writeInt(time.getNano());
    }

    public BinaryOut writeNullableInstant(Instant time) {
        writeBoolean(time != null);
        return time == null ? this : writeInstant(time);
    }

    public BinaryOut writeNullableInt(Integer value) {
        writeBoolean(value != null);
        return value == null ? this : writeInt(value);
    }

    public BinaryOut writeNullableLong(Long value) {
        writeBoolean(value != null);
        return value == null ? this : writeLong(value);
    }

    public BinaryOut writeString(String text) {
        if (text == null) {
            return writeInt(-1);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        return writeRaw(bytes);
    }

    /** The bytes as they are, without a length (the caller wrote one). */
    private BinaryOut writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** A nullable list of strings: its size ({@code -1}: null), then each string. */
    public BinaryOut writeStrings(List<String> texts) {
        if (texts == null) {
            return writeInt(-1);
        }
        writeInt(texts.size());
        texts.forEach(this::writeString);
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
