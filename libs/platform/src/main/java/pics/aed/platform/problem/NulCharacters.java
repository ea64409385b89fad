package pics.aed.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps the NUL character (U+0000) out of every service: PostgreSQL stores it neither in {@code text} (SQLSTATE 22021)
 * nor in {@code jsonb} (22P05), so a request carrying one would otherwise fail deep in a transaction. It is refused up
 * front as a 400 {@code validation} naming the field: in JSON bodies (strings, object keys, nested free-form objects
 * such as {@code stepData}) through the application's Jackson mapper, in query and path parameters through a request
 * filter. {@link ProblemMappers} maps the two SQLSTATEs to 400 as a backstop.
 */
@Singleton
public class NulCharacters implements ObjectMapperCustomizer {

    static final char NUL = '\u0000';
    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    /** A JSON value held a NUL; its path is the field's. */
    public static final class NulInJsonException extends JsonMappingException {
        NulInJsonException(JsonParser parser) {
            super(parser, MESSAGE);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("aedpics-nul-characters")
                .addDeserializer(String.class, new Strings())
                .addDeserializer(Object.class, new FreeForm())
                .addKeyDeserializer(String.class, new Keys()));
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response refuseNulInParameters(UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        collect(uri.getPathParameters(true), errors);
        collect(uri.getQueryParameters(true), errors);
        return errors.isEmpty()
                ? null
                : ProblemResponses.of(Problems.validation(errors).problem().atInstance(uri.getPath()));
    }

    private static void collect(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        parameters.forEach((name, values) -> {
            if (contains(name) || values.stream().anyMatch(NulCharacters::contains)) {
                errors.add(new FieldError(name.replace(NUL, '\uFFFD'), MESSAGE));
            }
        });
    }

    static boolean contains(String text) {
        return text != null && text.indexOf(NUL) >= 0;
    }

    /** Every JSON string read into a {@code String}. */
    static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (contains(value)) {
                throw new NulInJsonException(parser);
            }
            return value;
        }
    }

    /** Every key of a JSON object read into a {@code Map<String, …>}. */
    static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (contains(key)) {
                throw new NulInJsonException(context.getParser());
            }
            return key;
        }
    }

    /**
     * Free-form JSON ({@code Object}, {@code Map<String, Object>} values): read as Jackson would, then searched, so
     * that the error names the nested path, e.g. {@code stepData.battery.notes}.
     */
    static final class FreeForm extends StdScalarDeserializer<Object> {
        /** Jackson's own reader of free-form JSON, with its defaults (maps, lists, strings, numbers, booleans). */
        private static final UntypedObjectDeserializer UNTYPED = new UntypedObjectDeserializer();

        FreeForm() {
            super(Object.class);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = UNTYPED.deserialize(parser, context);
            requireNoNul(parser, value);
            return value;
        }

        private static void requireNoNul(JsonParser parser, Object value) throws NulInJsonException {
            if (value instanceof String text && contains(text)) {
                throw new NulInJsonException(parser);
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    try {
                        if (contains(key)) {
                            throw new NulInJsonException(parser);
                        }
                        requireNoNul(parser, entry.getValue());
                    } catch (NulInJsonException e) {
                        e.prependPath(map, key.replace(NUL, '\uFFFD'));
                        throw e;
                    }
                }
            }
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    try {
                        requireNoNul(parser, list.get(i));
                    } catch (NulInJsonException e) {
                        e.prependPath(list, i);
                        throw e;
                    }
                }
            }
        }
    }
}
