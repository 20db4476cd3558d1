package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.Map;

/** An HTTP answer of the query API: a status and a JSON body. */
public record Answer(int status, byte[] body) {

    public static final int OK = 200;
    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int BAD_GATEWAY = 502;
    public static final int UNAVAILABLE = 503;

    public static Answer ok(Object value) {
        return new Answer(OK, json(value));
    }

    /** An error answer: {@code {"error": "..."}}. */
    public static Answer error(int status, String message) {
        return new Answer(status, json(Map.of("error", message)));
    }

    static byte[] json(Object value) {
        try {
            return Json.events().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write an API answer as JSON", e);
        }
    }
}
