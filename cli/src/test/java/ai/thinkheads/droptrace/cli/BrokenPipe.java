package ai.thinkheads.droptrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** A stdout whose reader went away ({@code droptrace ... | head -1}): every write and flush fails as a broken pipe. */
public final class BrokenPipe {

    private BrokenPipe() {
    }

    public static PrintWriter stdout() {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] text, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void close() {
            }
        }, true);
    }
}
