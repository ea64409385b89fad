package pics.aed.platform.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes the merged document say each shared thing once. The code declares {@code page}, {@code size},
 * {@code Idempotency-Key} and {@code If-Match} as plain strings (they are parsed by hand into 400 problems); this
 * points them at the shared parameters of {@link SharedContract}, which say their ranges and meaning, and drops a
 * second declaration of the same parameter. A response the contract gives by {@code $ref} keeps only the reference
 * (the scanner would add its default "OK" description beside it).
 */
public class SharedContractFilter implements OASFilter {

    private static final String PARAMETERS = "#/components/parameters/";
    private static final Map<String, String> SHARED_PARAMETERS = Map.of(
            "header:idempotency-key", "IdempotencyKey",
            "header:if-match", "IfMatch",
            "query:page", "Page",
            "query:size", "Size");

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getParameters() != null) {
            operation.setParameters(sharedParameters(operation.getParameters()));
        }
        if (operation.getResponses() != null) {
            onlyReferences(operation.getResponses());
        }
        return operation;
    }

    private static List<Parameter> sharedParameters(List<Parameter> declared) {
        Map<String, Parameter> byKey = new LinkedHashMap<>();
        for (Parameter parameter : declared) {
            String shared = sharedName(parameter);
            if (shared == null) {
                byKey.putIfAbsent(keyOf(parameter), parameter);
            } else {
                byKey.put("shared:" + shared, OASFactory.createParameter().ref(PARAMETERS + shared));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static String sharedName(Parameter parameter) {
        if (parameter.getRef() != null) {
            String ref = parameter.getRef();
            return ref.startsWith(PARAMETERS) && SHARED_PARAMETERS.containsValue(ref.substring(PARAMETERS.length()))
                    ? ref.substring(PARAMETERS.length())
                    : null;
        }
        return SHARED_PARAMETERS.get(keyOf(parameter));
    }

    private static String keyOf(Parameter parameter) {
        if (parameter.getRef() != null) {
            return parameter.getRef();
        }
        String in = parameter.getIn() == null ? "" : parameter.getIn().toString();
        return (in + ":" + parameter.getName()).toLowerCase(Locale.ROOT);
    }

    private static void onlyReferences(APIResponses responses) {
        Map<String, APIResponse> all = responses.getAPIResponses();
        if (all == null) {
            return;
        }
        all.forEach((status, response) -> {
            if (response.getRef() != null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(response.getRef()));
            }
        });
    }
}
