package pics.aed.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import pics.aed.platform.http.RequestLimits;
import pics.aed.platform.retry.TransientFailures;

/**
 * Turns every error of a request into an RFC 9457 problem. Nothing internal leaves: no stack trace, no SQL, no
 * exception message of a library; an unexpected failure is logged with a reference that the body repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** 22P05: e.g. an escaped U+0000 in a jsonb value. */
    private static final String UNTRANSLATABLE_CHARACTER = "22P05";
    /** 22021: e.g. a NUL byte in a text value. */
    private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

    private final Instance<ConstraintProblems> constraintProblems;
    private final RequestLimits limits;

    public ProblemMappers(Instance<ConstraintProblems> constraintProblems, RequestLimits limits) {
        this.constraintProblems = constraintProblems;
        this.limits = limits;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e.problem().atInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return ProblemResponses.of(Problems.validation(errors).problem().atInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return ProblemResponses.of(
                Problems.validation(List.of(describe(e))).problem().atInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping) {
            return ProblemResponses.of(
                    Problems.validation(List.of(describe(mapping))).problem().atInstance(uri.getPath()));
        }
        if (e.getLocation() != null) {
            return validation(
                    uri,
                    "body",
                    "Malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ".");
        }
        return validation(uri, "body", "Malformed JSON.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 400 ->
                Problems.validation("request", "The request could not be read.").problem();
            case 401 ->
                Problems.unauthenticated("A valid bearer token is required.").problem();
            case 403 -> Problems.forbidden("Your role may not do this.").problem();
            case 404 ->
                Problems.notFound("No resource at " + uri.getPath() + ".").problem();
            case 405 ->
                Problem.of(
                        "method-not-allowed", "Method not allowed", 405, "This resource does not support that method.");
            case 406 ->
                Problem.of(
                        "not-acceptable", "Not acceptable", 406, "This resource answers with application/json only.");
            case 413 -> Problems.payloadTooLarge(limits.limitOf(uri.getPath())).problem();
            case 415 ->
                Problem.of(
                        "unsupported-media-type", "Unsupported media type", 415, "Send the body as application/json.");
            default ->
                status >= 500
                        ? internal(e)
                        : Problem.of(
                                "http-" + status,
                                "HTTP " + status,
                                status,
                                "The request failed with status " + status + ".");
        };
        Response response = ProblemResponses.of(problem.atInstance(uri.getPath()));
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW))
                    .build();
        }
        return response;
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthenticated(Exception e, UriInfo uri) {
        return Response.fromResponse(ProblemResponses.of(Problems.unauthenticated(
                                "A valid, unexpired bearer token signed by the configured issuer is required.")
                        .problem()
                        .atInstance(uri.getPath())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemResponses.of(Problems.forbidden("Your role may not call this endpoint.")
                .problem()
                .atInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response database(PgException e, UriInfo uri) {
        String constraint = e.getConstraint();
        if (constraint != null) {
            for (ConstraintProblems catalog : constraintProblems) {
                Optional<ProblemException> known = catalog.forConstraint(constraint);
                if (known.isPresent()) {
                    return ProblemResponses.of(known.get().problem().atInstance(uri.getPath()));
                }
            }
        }
        String state = e.getSqlState() == null ? "" : e.getSqlState();
        if (TransientFailures.isTransient(e)) {
            return unavailable(e, uri);
        }
        if (state.equals(UNTRANSLATABLE_CHARACTER) || state.equals(CHARACTER_NOT_IN_REPERTOIRE)) {
            // NulCharacters refuses U+0000 before it gets here; this is the backstop for anything else PostgreSQL
            // cannot store, which is the client's input, never a server error
            LOG.warnf("database refused a character of the request (SQLSTATE %s); answered 400", state);
            return validation(uri, "request", "contains a character the database cannot store (e.g. U+0000)");
        }
        if (state.startsWith("23")) {
            LOG.warnf("unmapped constraint %s (SQLSTATE %s) answered 409", constraint, state);
            return ProblemResponses.of(Problem.of(
                            "conflict",
                            "Conflicts with existing data",
                            409,
                            "The change conflicts with the current state of the data.")
                    .atInstance(uri.getPath()));
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        if (TransientFailures.isTransient(e)) {
            return unavailable(e, uri);
        }
        return ProblemResponses.of(internal(e).atInstance(uri.getPath()));
    }

    /**
     * The one answer to a failure that passes by itself: the database restarting (57P01 on an in-flight query, 57P03
     * while it starts, a refused or reset connection, a pooled connection found closed), a deadlock or serialisation
     * failure, a full pool. TransientFailures is the one list of those, shared with the consumers' retries, so that
     * a failure a consumer would retry is never a 500 to a client (the fault suite's PostgreSQL restart found two).
     */
    private static Response unavailable(Throwable e, UriInfo uri) {
        String state = TransientFailures.sqlState(e);
        LOG.warnf(
                "database busy or unreachable (%s); answered 503", state != null ? "SQLSTATE " + state : e.toString());
        return Response.fromResponse(
                        ProblemResponses.of(Problems.unavailable("The database is busy or unreachable; retry shortly.")
                                .problem()
                                .atInstance(uri.getPath())))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .build();
    }

    private static Problem internal(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return Problem.of(
                        "internal-error",
                        "Internal error",
                        500,
                        "An unexpected error occurred. Quote reference " + reference + " to the operators.")
                .with("reference", reference);
    }

    private static Response validation(UriInfo uri, String field, String message) {
        return ProblemResponses.of(Problems.validation(field, message).problem().atInstance(uri.getPath()));
    }

    /** The field a JSON mapping error names and what is wrong with it, for a resource that reads a body itself. */
    public static FieldError describe(JsonMappingException e) {
        String field = pathOf(e);
        if (e instanceof NulCharacters.NulInJsonException) {
            return new FieldError(field, NulCharacters.MESSAGE);
        }
        if (e instanceof InvalidFormatException invalid
                && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return new FieldError(field, "unknown value '" + invalid.getValue() + "'; allowed: " + allowed);
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return new FieldError(
                    field, "'" + invalid.getValue() + "' is not a valid " + friendlyType(invalid.getTargetType()));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldError(field, "unknown property '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return new FieldError(field, "expected " + friendlyType(mismatched.getTargetType()));
        }
        if (e instanceof ValueInstantiationException) {
            return new FieldError(field, "has an invalid value");
        }
        return new FieldError(field, "cannot be read");
    }

    private static String friendlyType(Class<?> type) {
        if (type == java.time.LocalDate.class) {
            return "ISO date (yyyy-mm-dd)";
        }
        if (type == java.time.OffsetDateTime.class || type == java.time.Instant.class) {
            return "RFC 3339 timestamp";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String pathOf(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                parts.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                parts.add("[" + reference.getIndex() + "]");
            }
        }
        return parts.isEmpty() ? "body" : String.join(".", parts).replace(".[", "[");
    }

    /** The property path of a bean-validation violation without the method and parameter names. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                parts.add(node.getName());
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parts.clear();
                parts.add(node.getName());
            }
        }
        parts.removeIf(p -> p == null || p.startsWith("<"));
        if (parts.size() > 1 && isBodyParameterName(parts.get(0))) {
            parts.remove(0);
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }

    private static boolean isBodyParameterName(String name) {
        return name.equals("body") || name.equals("request") || name.endsWith("Request");
    }
}
