package ai.thinkheads.droptrace.streams.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads what {@link BinaryOut} wrote. Every length is checked against the bytes left, so truncated
 * or foreign bytes end in a {@link SerializationException}, never in a huge allocation.
 */
public final class BinaryIn {

    private static final int MAX_LIST = 1024;

    private final byte[] bytes;
    private int position;

    public BinaryIn(byte[] bytes) {
        this.bytes = bytes;
    }

    public byte readByte() {
        need(1);
        return bytes[position++];
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readInt() {
        need(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | bytes[position++] & 0xff;
        }
        return value;
    }

    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[position++] & 0xff;
        }
        return value;
    }

    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new SerializationException("var-long out of range");
                }
                return value;
            }
        }
        throw new SerializationException("var-long longer than 10 bytes");
    }

    public String readShortString() {
        long length = readVarLong();
        if (length > bytes.length - position) {
            throw new SerializationException("value ends early: string of " + length + " bytes at " + position);
        }
        String text = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return text;
    }

    public Instant readInstant() {
        return Instant.ofEpochSecond(readLong(), readInt());
    }

    public Instant readNullableInstant() {
        return readBoolean() ? readInstant() : null;
    }

    public Integer readNullableInt() {
        return readBoolean() ? readInt() : null;
    }

    public Long readNullableLong() {
        return readBoolean() ? readLong() : null;
    }

    public String readString() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new SerializationException("string of " + length + " bytes is not plausible");
        }
        need(length);
        String text = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    public List<String> readStrings() {
        int count = readInt();
        if (count == -1) {
            return null;
        }
        if (count < 0 || count > MAX_LIST) {
            throw new SerializationException("list of " + count + " strings is not plausible");
        }
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(readString());
        }
        return texts;
    }

    /** Fails unless every byte was read: trailing bytes mean a layout this reader does not know. */
    public void end() {
        if (position != bytes.length) {
            throw new SerializationException((bytes.length - position) + " unexpected bytes after the value");
        }
    }

    private void need(int count) {
        if (count > bytes.length - position) {
            throw new SerializationException("value ends early: " + count + " more bytes needed at " + position);
        }
    }
}
