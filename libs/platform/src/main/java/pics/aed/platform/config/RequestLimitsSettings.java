package pics.aed.platform.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How large a request body may be (libs/platform {@code http/RequestLimits}), announced or chunked alike: a larger
 * one is refused with 413 {@code payload-too-large} before any resource acts on it, and changes nothing.
 */
@ConfigMapping(prefix = "aedpics.limits")
public interface RequestLimitsSettings {

    /**
     * The largest body of every endpoint that reads JSON (and of any other endpoint a service does not declare an
     * upload). A chunked body is read into memory up to this size, so it also bounds what one request may hold there.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /**
     * The largest file an upload endpoint accepts (sync-service's registration imports, as the body or multipart
     * {@code file}); it streams to a temporary file, never into memory. Services without an upload endpoint ignore it.
     */
    @WithDefault("40M")
    MemorySize maxUploadSize();
}
