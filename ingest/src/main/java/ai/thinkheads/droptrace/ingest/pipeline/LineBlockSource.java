package ai.thinkheads.droptrace.ingest.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Where blocks of lines come from, in order: a byte stream ({@link LineBlockReader}) or a reader. */
@FunctionalInterface
public interface LineBlockSource {

    /** The next block, or {@code null} at the end. */
    LineBlock next() throws IOException;

    /** Blocks of up to {@code maxLines} lines read one by one from a reader. */
    static LineBlockSource ofReader(BufferedReader reader, int maxLines) {
        long[] lineNumber = {1};
        return () -> {
            List<String> lines = new ArrayList<>(Math.min(maxLines, 1024));
            String line;
            while (lines.size() < maxLines && (line = reader.readLine()) != null) {
                lines.add(line);
            }
            if (lines.isEmpty()) {
                return null;
            }
            LineBlock block = LineBlock.ofText(lines, lineNumber[0]);
            lineNumber[0] += lines.size();
            return block;
        };
    }
}
