package pics.aed.platform.openapi;

import io.smallrye.openapi.api.SmallRyeOpenAPI;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The parts of the HTTP contract every service shares, written once: the bearer security scheme, the problems as
 * reusable responses and schemas, the paging, idempotency and version parameters, the list shape. SmallRye OpenAPI
 * starts each service's document from this model, merges the service's {@code META-INF/openapi.yaml} (its paths,
 * which refer to these components by {@code $ref}) and then what it scans from the code. Configured for every service
 * by {@code mp.openapi.model.reader} in the platform's defaults.
 */
public class SharedContract implements OASModelReader {

    static final String RESOURCE = "META-INF/aedpics-openapi-shared.yaml";

    @Override
    public OpenAPI buildModel() {
        return SmallRyeOpenAPI.builder()
                .withConfig(ConfigProvider.getConfig())
                .enableModelReader(false)
                .enableStandardStaticFiles(false)
                .enableAnnotationScan(false)
                .enableStandardFilter(false)
                .withCustomStaticFile(SharedContract::sharedDocument)
                .build()
                .model();
    }

    private static InputStream sharedDocument() {
        InputStream document = SharedContract.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (document == null) {
            throw new IllegalStateException(RESOURCE + " is missing from libs/platform");
        }
        return document;
    }
}
